"""Hand-written country data that no maintained source carries: adjectives, capitals, short,
historic and colloquial names, abbreviations, epithets, compound stems and look-alikes.

One row per ISO 3166-1 code, five fields separated by "|", items by ";":

    Russian adjectives | English adjectives | Russian capitals | English capitals | more forms

Russian adjectives, names and capitals are written in the nominative; archive.ingest.country_forms
adds every case form with pymorphy3 (adjectives in every gender and number). English adjectives
in -an, -ian and -i also give the plural noun (Belarusians, Omanis). An item may carry a mark:

    =Того     the word is also an ordinary word (того, куба, china): only the capitalised spelling
              counts, and at the start of a sentence only when the country is also named otherwise
    ?Jordan   also the name of people or other places: counts only when the text also names the
              country by another form
    !Gulf of Guinea   a phrase that is not the country, although it contains one of its forms
    ~sino     a compound stem: names the country only as the first part of «китайско-…», "Sino-…"

A mark on a name the sources already give (=Куба, ?Georgia) applies to the generated forms too.
Ambiguous bare names are left out: «Корея»/"Korea" and «корейский» name neither Korea,
«конголезский» neither Congo, «английский» is a language.
"""

ROWS = """
AD | андоррский | Andorran | Андорра-ла-Велья | Andorra la Vella |
AE | эмиратский | Emirati | Абу-Даби | Abu Dhabi | ОАЭ; UAE; U.A.E.; =Эмираты; =Emirates; ~эмиратско
AF | афганский | Afghan | Кабул | Kabul | афганцы; афганец; ~афгано
AG | антигуанский | Antiguan | Сент-Джонс | | Антигуа; Antigua
AI | ангильский | Anguillan | | | Ангилья; Ангвилла
AL | албанский | Albanian | =Тирана | Tirana | албанцы; албанец
AM | армянский | Armenian | Ереван | Yerevan | армяне; армянин; ~армяно
AO | ангольский | Angolan | Луанда | Luanda |
AQ | | | | | Антарктида; Антарктика; Antarctic
AR | аргентинский | Argentine; Argentinian | Буэнос-Айрес | Buenos Aires | аргентинцы; аргентинец
AS | | American Samoan | Паго-Паго | Pago Pago | Американское Самоа; Восточное Самоа
AT | австрийский | Austrian | =Вена | Vienna | австрийцы; австриец; ~австро; ~austro
AU | австралийский | Australian | Канберра | Canberra | австралийцы; австралиец; Зелёный континент
AW | арубанский | Aruban | Ораньестад | Oranjestad |
AX | аландский | Alandic | Мариехамн | Mariehamn | Аландские острова; Aland Islands; Aland
AZ | азербайджанский | Azerbaijani; Azeri | =Баку | Baku | азербайджанцы; азербайджанец
BA | боснийский | Bosnian | Сараево | Sarajevo | Босния; Bosnia; BiH; Bosnia-Herzegovina
BB | барбадосский | Barbadian; Bajan | Бриджтаун | Bridgetown |
BD | бангладешский | Bangladeshi | Дакка | Dhaka; Dacca |
BE | бельгийский | Belgian | ?Брюссель | ?Brussels | бельгийцы; бельгиец
BF | буркинийский | Burkinabe | Уагадугу | Ouagadougou | Буркина Фасо
BG | болгарский | Bulgarian | ?София | ?Sofia | болгары; болгарин; ~болгаро
BH | бахрейнский | Bahraini | Манама | Manama |
BI | бурундийский | Burundian | Гитега; Бужумбура | Gitega; Bujumbura |
BJ | бенинский | Beninese | Порто-Ново; Котону | Porto-Novo; Cotonou |
BL | | | Густавия | Gustavia | Сен-Бартелеми; Saint-Barthélemy; St Barts
BM | бермудский | Bermudian | | | =Бермуды; Бермудские острова
BN | брунейский | Bruneian | Бандар-Сери-Бегаван | Bandar Seri Begawan | Бруней-Даруссалам; Brunei Darussalam
BO | боливийский | Bolivian | Сукре; Ла-Пас | Sucre; La Paz |
BQ | | | Кралендейк | Kralendijk | Карибские Нидерланды; Бонэйр; Бонайре; Bonaire
BR | бразильский | Brazilian | Бразилиа | Brasília; Brasilia | бразильцы; бразилец
BS | багамский | Bahamian | Нассау | Nassau | Багамские острова; Багамские Острова; Bahamas
BT | бутанский | Bhutanese | Тхимпху | Thimphu | =Бутан
BV | | | | | Остров Буве
BW | ботсванский | Botswanan | Габороне | Gaborone |
BY | белорусский; беларусский | Belarusian; Belarusan; Byelorussian; Belorussian | Минск | Minsk | Белоруссия; Белая Русь; РБ; Byelorussia; Belorussia; белорусы; белорус; минский; ~белорусско; ~беларусско
BZ | белизский | Belizean | Бельмопан | Belmopan |
CA | канадский | Canadian | Оттава | Ottawa | канадцы; канадец; ~канадско
CC | | | Уэст-Айленд | West Island | Кокосовые острова; Cocos Islands; Keeling Islands
CD | | | Киншаса | Kinshasa | ДРК; ДР Конго; Демократическая Республика Конго; Конго-Киншаса; Заир; DRC; DR Congo; D.R. Congo; Democratic Republic of the Congo; Democratic Republic of Congo; Congo-Kinshasa; Zaire
CF | центральноафриканский | Central African | =Банги | Bangui | ЦАР; ?CAR
CG | | | Браззавиль | Brazzaville | ?Конго; ?Congo; Республика Конго; Конго-Браззавиль; Republic of the Congo; Republic of Congo; Congo-Brazzaville; !Congo River; !Congo Basin; !река Конго; !бассейн Конго
CH | швейцарский | Swiss | Берн | Bern; Berne | швейцарцы; швейцарец
CI | ивуарийский | Ivorian | Ямусукро; Абиджан | Yamoussoukro; Abidjan | Кот-д'Ивуар; Кот-д’Ивуар; Берег Слоновой Кости; Côte d'Ivoire; Cote d'Ivoire; Ivory Coast
CK | | | Аваруа | Avarua | Острова Кука
CL | чилийский | Chilean | ?Сантьяго | ?Santiago | =Чили; =Chile; чилийцы; чилиец
CM | камерунский | Cameroonian | Яунде | Yaoundé; Yaounde |
CN | китайский | Chinese | Пекин | Beijing; Peking | КНР; Поднебесная; PRC; P.R.C.; Celestial Empire; Middle Kingdom; =China; Mainland China; китайцы; китаец; пекинский; ~китайско; ~сино; ~sino; !South China Sea; !East China Sea; !South China Morning Post; !Южно-Китайское море; !Восточно-Китайское море; !Chinese Taipei
CO | колумбийский | Colombian | Богота | Bogotá; Bogota | колумбийцы; колумбиец
CR | костариканский; коста-риканский | Costa Rican | ?Сан-Хосе | ?San José; ?San Jose |
CU | кубинский | Cuban | Гавана | Havana | =Куба; кубинцы; кубинец; ~кубино
CV | кабовердианский | Cape Verdean; Cabo Verdean | Прая | Praia | Острова Зелёного Мыса; Cape Verde
CW | | Curaçaoan | Виллемстад | Willemstad | Кюрасао
CX | | | Флайинг-Фиш-Коув | Flying Fish Cove | Остров Рождества
CY | кипрский | Cypriot | Никосия | Nicosia | киприоты; киприот
CZ | чешский | Czech | Прага | Prague | Чешская Республика; Czech Republic; чехи; чех; ~чешско
DE | немецкий; германский | German | Берлин | Berlin | ФРГ; немцы; немец; ~германо; ~немецко; !Восточная Германия; !East Germany
DJ | джибутийский | Djiboutian | | Djibouti City |
DK | датский | Danish | Копенгаген | Copenhagen | датчане; датчанин; ~датско
DM | доминикский | | Розо | Roseau | ?Доминика; ?Dominica
DO | доминиканский | Dominican | Санто-Доминго | Santo Domingo | Доминиканская Республика; Dominican Republic
DZ | алжирский | Algerian | | Algiers | алжирцы; алжирец
EC | эквадорский | Ecuadorian; Ecuadorean | Кито | Quito | эквадорцы; эквадорец
EE | эстонский | Estonian | Таллин; Таллинн | Tallinn | эстонцы; эстонец; ~эстонско
EG | египетский | Egyptian | Каир | Cairo | египтяне; египтянин; ~египетско
EH | западносахарский | Sahrawi; Western Saharan | Эль-Аюн | Laayoune; El Aaiún | САДР; Sahrawi Republic
ER | эритрейский | Eritrean | Асмэра; Асмара | Asmara |
ES | испанский | Spanish | Мадрид | Madrid | испанцы; испанец; ~испано
ET | эфиопский | Ethiopian | Аддис-Абеба | Addis Ababa | эфиопы; эфиоп
FI | финский; финляндский | Finnish | Хельсинки | Helsinki | финны; финн; ~финско; ~финляндско; !Финский залив; !Gulf of Finland
FJ | фиджийский | Fijian | =Сува | Suva |
FK | фолклендский | Falkland | | | Фолклендские острова; Мальвинские острова; Falklands; Malvinas
FM | микронезийский | Micronesian | Паликир | Palikir | Микронезия; Micronesia
FO | фарерский | Faroese | Торсхавн | Tórshavn; Torshavn | Фареры; Фарерские острова; Faroes; Faeroe Islands
FR | французский | =French | Париж | Paris | французы; француз; ~французско; ~франко; ~franco; !Французская Гвиана; !Французская Полинезия; !French Guiana; !French Polynesia
GA | габонский | Gabonese | Либревиль | Libreville |
GB | британский | British | Лондон | London | Великобритания; Британия; Соединённое Королевство; Англия; Шотландия; Уэльс; Северная Ирландия; Туманный Альбион; UK; U.K.; Britain; Great Britain; England; Scotland; Wales; Northern Ireland; британцы; британец; англичане; англичанин; ~британско; ~англо; ~anglo; !New England; !New South Wales; !British Virgin Islands; !British Indian Ocean Territory; !Британские Виргинские острова
GD | гренадский | Grenadian | Сент-Джорджес | St. George's | =Гренада
GE | грузинский | Georgian | Тбилиси | Tbilisi | Сакартвело; Sakartvelo; ?Georgia; грузины; ~грузино
GF | | French Guianese | Кайенна | ?Cayenne | Французская Гвиана; French Guiana
GG | | | Сент-Питер-Порт | St Peter Port | Гернси; Guernsey
GH | ганский | Ghanaian | Аккра | Accra | =Гана
GI | гибралтарский | Gibraltarian | | |
GL | гренландский | Greenlandic | Нуук | Nuuk |
GM | гамбийский | Gambian | Банжул | Banjul |
GN | гвинейский | Guinean | Конакри | Conakry | =Гвинея; =Guinea; !Гвинейский залив; !Gulf of Guinea; !Новая Гвинея; !New Guinea
GP | гваделупский | Guadeloupean | Бас-Тер | Basse-Terre |
GQ | экваториально-гвинейский | Equatorial Guinean; Equatoguinean | Малабо | Malabo |
GR | греческий | Greek | Афины | Athens | Эллада; Hellas; греки; грек; ~греко; ~greco
GS | | | Кинг-Эдуард-Пойнт | King Edward Point | Южная Георгия и Южные Сандвичевы острова; South Georgia and the South Sandwich Islands
GT | гватемальский | Guatemalan | | Guatemala City |
GU | гуамский | Guamanian | Хагатна | Hagatna |
GW | | Bissau-Guinean | Бисау | Bissau |
GY | гайанский | Guyanese | ?Джорджтаун | ?Georgetown |
HK | гонконгский | Hongkonger | | | Гонконг; Сянган; САР Сянган; Hong Kong; Hongkong; HKSAR; Hong Kong SAR
HM | | | | | Острова Херд и Макдональд; Heard and McDonald Islands
HN | гондурасский | Honduran | Тегусигальпа | Tegucigalpa |
HR | хорватский | Croatian | =Загреб | Zagreb | хорваты; хорват
HT | гаитянский | Haitian | Порт-о-Пренс | Port-au-Prince |
HU | венгерский | Hungarian | Будапешт | Budapest | венгры; венгр; ~венгерско; ~венгро
ID | индонезийский | Indonesian | Джакарта | Jakarta | индонезийцы; индонезиец
IE | ирландский | Irish | Дублин | Dublin | ирландцы; ирландец; Eire
IL | израильский | Israeli | Тель-Авив | Tel Aviv | израильтяне; израильтянин; ~израильско
IM | мэнский | Manx | | | Остров Мэн; Isle of Man
IN | индийский | Indian | Нью-Дели; =Дели | New Delhi; Delhi | Бхарат; Bharat; индийцы; индиец; ~индийско; ~индо; ~indo; !Индийский океан; !Indian Ocean; !American Indian; !American Indians; !West Indies; !West Indian
IO | | | | | Британская территория в Индийском океане; British Indian Ocean Territory; Chagos Archipelago; архипелаг Чагос
IQ | иракский | Iraqi | Багдад | Baghdad | иракцы; иракец
IR | иранский | Iranian | Тегеран | Tehran; Teheran | иранцы; иранец; ~ирано
IS | исландский | Icelandic | Рейкьявик | Reykjavík; Reykjavik |
IT | итальянский | Italian | Рим | Rome | итальянцы; итальянец; ~итало; ~italo
JE | | | Сент-Хелиер | Saint Helier | ?Джерси; ?Jersey; !New Jersey; !Нью-Джерси; !Jersey City
JM | ямайский | Jamaican | ?Кингстон | ?Kingston |
JO | иорданский | Jordanian | Амман | Amman | ?Jordan; !Jordan River; !River Jordan; !Jordan Valley; !West Bank of the Jordan
JP | японский | Japanese | Токио | Tokyo | японцы; японец; Страна восходящего солнца; Land of the Rising Sun; ~японско; ~японо; ~japano; ~nippo; !Японское море; !Sea of Japan
KE | кенийский | Kenyan | Найроби | Nairobi |
KG | киргизский; кыргызский; кыргызстанский | Kyrgyz; Kirghiz; Kyrgyzstani | Бишкек | Bishkek | Киргизия; Кыргызстан; Киргизстан; Кыргызская Республика; Kirghizia; Kyrgyz Republic; киргизы; кыргызы; ~киргизско; ~кыргызско
KH | камбоджийский | Cambodian | Пномпень | Phnom Penh | камбоджийцы
KI | кирибатийский | I-Kiribati | Южная Тарава | Tarawa; South Tarawa |
KM | коморский | Comorian | Морони | Moroni | Коморские Острова; Коморские острова; Comoros
KN | | Kittitian | Бастер | Basseterre | Сент-Китс и Невис; Saint Kitts and Nevis; St Kitts and Nevis; St. Kitts and Nevis
KP | северокорейский | North Korean | Пхеньян | Pyongyang | КНДР; Северная Корея; DPRK; D.P.R.K.; North Korea; ~северокорейско
KR | южнокорейский | South Korean | Сеул | Seoul | Южная Корея; Республика Корея; South Korea; Republic of Korea; ROK; ~южнокорейско
KW | кувейтский | Kuwaiti | Эль-Кувейт | Kuwait City |
KY | | Caymanian | | | Каймановы острова; Острова Кайман; Cayman Islands
KZ | казахстанский; казахский | Kazakhstani; Kazakh | Астана; Нур-Султан | Astana; Nur-Sultan | казахи; ~казахстанско; ~казахско
LA | лаосский | Laotian | Вьентьян | Vientiane | Лаос; ЛНДР; Laos; Lao PDR; =Lao
LB | ливанский | Lebanese | Бейрут | Beirut | =Ливан; ливанцы
LC | сент-люсийский | Saint Lucian | Кастри | Castries | Saint Lucia; St Lucia; St. Lucia
LI | лихтенштейнский | Liechtensteiner | Вадуц | Vaduz |
LK | шри-ланкийский; ланкийский | Sri Lankan | Коломбо; Шри-Джаяварденепура-Котте | Colombo; Sri Jayawardenepura Kotte | Цейлон; Ceylon
LR | либерийский | Liberian | Монровия | Monrovia |
LS | лесотский | Basotho | Масеру | Maseru |
LT | литовский | Lithuanian | Вильнюс | Vilnius | литовцы; литовец; ~литовско
LU | люксембургский | Luxembourgish; Luxembourger | | |
LV | латвийский; латышский | Latvian | =Рига | Riga | латыши; латыш; ~латвийско; ~латышско
LY | ливийский | Libyan | ?Триполи | ?Tripoli | ливийцы
MA | марокканский | Moroccan | Рабат | Rabat | марокканцы; марокканец
MC | монакский; монегаскский | Monegasque; Monacan | | |
MD | молдавский; молдовский | Moldovan; Moldavian | Кишинёв | Chisinau; Chișinău; Kishinev | Молдавия; Moldavia; молдаване; молдаванин; ~молдавско; ~молдовско
ME | черногорский | Montenegrin | Подгорица | Podgorica |
MF | | | Мариго | Marigot | Сен-Мартен; Saint Martin
MG | мадагаскарский; малагасийский | Malagasy | Антананариву | Antananarivo |
MH | маршалловский | Marshallese | Маджуро | Majuro | Маршалловы Острова
MK | северомакедонский; ?македонский | North Macedonian; ?Macedonian | =Скопье | Skopje | ?Македония; ?Macedonia; FYROM
ML | малийский | Malian | Бамако | Bamako | =Мали
MM | мьянманский; бирманский | Burmese | Нейпьидо; Нейпьито | Naypyidaw; Nay Pyi Taw | Бирма; Burma; Республика Союз Мьянма
MN | монгольский | Mongolian | Улан-Батор | Ulaanbaatar; Ulan Bator | монголы; ~монгольско; !Внутренняя Монголия; !Inner Mongolia
MO | макаоский | Macanese | | | Аомэнь; Аомынь; Macau; Macao SAR
MP | | | Сайпан | Saipan | Северные Марианские острова; Northern Mariana Islands; Northern Marianas
MQ | мартиникский | Martinican | Фор-де-Франс | Fort-de-France |
MR | мавританский | Mauritanian | Нуакшот | Nouakchott |
MS | | Montserratian | Брейдс | Brades |
MT | мальтийский | Maltese | Валлетта | Valletta |
MU | маврикийский | Mauritian | Порт-Луи | Port Louis |
MV | мальдивский | Maldivian | =Мале | | Мальдивские острова; Мальдивская Республика
MW | малавийский | Malawian | Лилонгве | Lilongwe |
MX | мексиканский | Mexican | Мехико | Mexico City | мексиканцы; мексиканец; !Мексиканский залив; !Gulf of Mexico; !New Mexico; !Нью-Мексико
MY | малайзийский | Malaysian | Куала-Лумпур; Путраджая | Kuala Lumpur; Putrajaya | малайзийцы
MZ | мозамбикский | Mozambican | Мапуту | Maputo |
NA | намибийский | Namibian | Виндхук | Windhoek |
NC | новокаледонский | New Caledonian | Нумеа | Nouméa; Noumea |
NE | нигерский | Nigerien | Ниамей | Niamey | =Нигер; !река Нигер; !дельта Нигера; !Niger River; !River Niger; !Niger Delta
NF | | | | | ?Норфолк; Norfolk Island
NG | нигерийский | Nigerian | Абуджа | Abuja | нигерийцы; нигериец
NI | никарагуанский | Nicaraguan | Манагуа | Managua |
NL | нидерландский; голландский | Dutch | Амстердам | Amsterdam | Голландия; Holland; голландцы; нидерландцы; ~нидерландско; ~голландско
NO | норвежский | Norwegian | Осло | Oslo | норвежцы; норвежец; ~норвежско; !Норвежское море; !Norwegian Sea
NP | непальский | Nepalese; Nepali | Катманду | Kathmandu |
NR | науруанский | Nauruan | Ярен | Yaren |
NU | | Niuean | Алофи | Alofi |
NZ | новозеландский | New Zealander | Веллингтон | Wellington | новозеландцы
OM | оманский | Omani | Маскат | Muscat | =Оман; !Оманский залив; !Gulf of Oman
PA | панамский | Panamanian | | Panama City | =Панама; =Panama
PE | перуанский | Peruvian | =Лима | =Lima | =Перу; перуанцы
PF | | French Polynesian | Папеэте | Papeete | Таити; Tahiti
PG | папуанский | Papua New Guinean | Порт-Морсби | Port Moresby | Папуа-Новая Гвинея; Папуа Новая Гвинея; Папуа – Новая Гвинея; ?PNG; Papua-New Guinea
PH | филиппинский | Filipino; Philippine | =Манила | Manila | филиппинцы; филиппинец
PK | пакистанский | Pakistani | Исламабад | Islamabad | пакистанцы; пакистанец; ~пакистанско
PL | польский | =Polish | Варшава | Warsaw | поляки; поляк; ~польско
PM | | | ?Сен-Пьер | ?Saint-Pierre |
PN | | | Адамстаун | Adamstown | Острова Питкэрн; Pitcairn
PR | пуэрто-риканский; пуэрториканский | Puerto Rican | ?Сан-Хуан | ?San Juan |
PS | палестинский | Palestinian | ?Рамалла | ?Ramallah | Государство Палестина; сектор Газа; Gaza Strip; =Gaza; палестинцы; палестинец; ~палестино
PT | португальский | Portuguese | Лиссабон | Lisbon | португальцы; португалец
PW | палауский | Palauan | Нгерулмуд | Ngerulmud |
PY | парагвайский | Paraguayan | Асунсьон | Asunción; Asuncion |
QA | катарский | Qatari | =Доха | Doha | =Катар; катарцы
RE | реюньонский | Reunionese | ?Сен-Дени | ?Saint-Denis |
RO | румынский | Romanian | Бухарест | Bucharest | румыны; румын; ~румыно
RS | сербский | Serbian | Белград | Belgrade | сербы; серб; ~сербско
RU | российский | Russian | Москва | Moscow | Россия; Российская Федерация; РФ; =Кремль; =Kremlin; россияне; россиянин; московский; ~российско; ~русско; ~russo
RW | руандийский | Rwandan; Rwandese | Кигали | Kigali |
SA | саудовский; саудовско-аравийский | Saudi; Saudi Arabian | Эр-Рияд | Riyadh | Саудовская Аравия; KSA; саудиты; ~саудовско
SB | соломонов | Solomon Islander | Хониара | Honiara | Соломоновы Острова; Соломоновы острова
SC | сейшельский | Seychellois | | | Сейшелы; Сейшельские острова; Сейшельские Острова
SD | суданский | Sudanese | Хартум | Khartoum | суданцы
SE | шведский | Swedish | Стокгольм | Stockholm | шведы; швед; ~шведско
SG | сингапурский | Singaporean | | | сингапурцы
SH | | Saint Helenian | ?Джеймстаун | ?Jamestown | Остров Святой Елены; Saint Helena; St Helena
SI | словенский | Slovenian; Slovene | Любляна | Ljubljana |
SJ | | | Лонгйир | Longyearbyen | Шпицберген; Svalbard
SK | словацкий | Slovak; Slovakian | Братислава | Bratislava | словаки
SL | сьерра-леонский | Sierra Leonean | Фритаун | Freetown |
SM | сан-маринский | Sammarinese | | |
SN | сенегальский | Senegalese | Дакар | Dakar |
SO | сомалийский | Somali; Somalian | Могадишо | Mogadishu | сомалийцы
SR | суринамский | Surinamese | Парамарибо | Paramaribo |
SS | южносуданский | South Sudanese | Джуба | Juba | Республика Южный Судан
ST | | Santomean | | São Tomé; Sao Tome | Сан-Томе и Принсипи; Sao Tome and Principe
SV | сальвадорский | Salvadoran; Salvadorian | Сан-Сальвадор | San Salvador | Эль-Сальвадор; Республика Эль-Сальвадор; !Сальвадор Дали; !Сальвадор Альенде; !Salvador Dali; !Salvador Allende
SX | | | Филипсбург | Philipsburg | Синт-Мартен
SY | сирийский | Syrian | =Дамаск | Damascus | сирийцы; сириец
SZ | свазилендский; эсватинийский | Swazi; Emaswati | Мбабане; Лобамба | Mbabane; Lobamba | Свазиленд; Swaziland
TC | | | Коберн-Таун | Cockburn Town | Теркс и Кайкос; Тёркс и Кайкос; Turks and Caicos
TD | чадский | Chadian | Нджамена | N'Djamena; Ndjamena | =Чад; ?Chad; !Lake Chad
TF | | | | | Французские Южные и Антарктические территории; French Southern Territories
TG | тоголезский | Togolese | =Ломе | Lomé; Lome | =Того
TH | таиландский; тайский | Thai | Бангкок | Bangkok | Тайланд; Сиам; Siam; тайцы
TJ | таджикский; таджикистанский | Tajik; Tajikistani | Душанбе | Dushanbe | таджики; таджик; ~таджикско; ~таджикистанско
TK | | Tokelauan | | |
TL | восточнотиморский; тиморский | Timorese; East Timorese | =Дили | Dili | Тимор-Лешти; Тимор-Лесте; East Timor; Timor Leste
TM | туркменский; туркменистанский | Turkmen; Turkmenistani | Ашхабад | Ashgabat; Ashkhabad | Туркмения; туркмены; туркмен; ~туркменско
TN | тунисский | Tunisian | | Tunis |
TO | тонганский | Tongan | Нукуалофа | Nuku'alofa | =Тонга
TR | турецкий | Turkish | Анкара | Ankara | Турецкая Республика; =Turkey; Turkiye; турки; ~турецко; ~турко; ~turco
TT | тринидадский | Trinidadian | Порт-оф-Спейн | Port of Spain | Trinidad and Tobago; Trinidad & Tobago
TV | тувалуанский | Tuvaluan | Фунафути | Funafuti |
TW | тайваньский | Taiwanese | Тайбэй | Taipei | Китайская Республика; Republic of China; Chinese Taipei; Китайский Тайбэй; тайваньцы
TZ | танзанийский | Tanzanian | Додома | Dodoma |
UA | украинский | Ukrainian | Киев | Kyiv; Kiev | Незалежная; украинцы; украинец; ~украинско
UG | угандийский | Ugandan | Кампала | Kampala |
UM | | | | | Внешние малые острова США; U.S. Minor Outlying Islands
US | американский | American | Вашингтон | Washington | США; Соединённые Штаты; Америка; US; U.S.; USA; U.S.A.; America; White House; =Pentagon; Пентагон; американцы; американец; ~американско; ~американо; !Латинская Америка; !Южная Америка; !Северная Америка; !Центральная Америка; !Latin America; !South America; !North America; !Central America; !Latin American; !South American; !North American; !Central American; !Pan-American; !Gulf of America
UY | уругвайский | Uruguayan | Монтевидео | Montevideo |
UZ | узбекский; узбекистанский | Uzbek; Uzbekistani | Ташкент | Tashkent | РУз; узбеки; ~узбекско; ~узбекистанско
VA | ватиканский | | | | Ватикан; Святой Престол; Holy See; Vatican; Vatican City
VC | | Vincentian | Кингстаун | Kingstown | Сент-Винсент и Гренадины; Saint Vincent and the Grenadines; St Vincent and the Grenadines
VE | венесуэльский | Venezuelan | Каракас | Caracas | венесуэльцы
VG | | | Род-Таун | Road Town | Британские Виргинские острова; British Virgin Islands; BVI
VI | | | Шарлотта-Амалия | Charlotte Amalie | Американские Виргинские острова; U.S. Virgin Islands; US Virgin Islands
VN | вьетнамский | Vietnamese | Ханой | Hanoi | СРВ; Viet Nam; вьетнамцы; вьетнамец; ~вьетнамско
VU | вануатский | Ni-Vanuatu | Порт-Вила | Port Vila |
WF | | | Мата-Уту | Mata-Utu | Уоллис и Футуна; Wallis and Futuna
WS | самоанский | Samoan | Апиа | Apia | Западное Самоа
YE | йеменский | Yemeni | =Сана | Sanaa; Sana'a | йеменцы
YT | | | Мамудзу | Mamoudzou | Майотта; Майот
ZA | южноафриканский | South African | Претория | Pretoria | ЮАР; Южная Африка; ?RSA; ~южноафриканско
ZM | замбийский | Zambian | Лусака | Lusaka |
ZW | зимбабвийский | Zimbabwean | Хараре | Harare |
"""


def extras() -> dict[str, list[list[str]]]:
    """The table as {code: [Russian adjectives, English adjectives, Russian capitals,
    English capitals, more forms]}, each a list of items with their marks."""
    table = {}
    for line in ROWS.strip().splitlines():
        code, *fields = (field.strip() for field in line.split("|"))
        table[code] = [
            [item.strip() for item in field.split(";") if item.strip()] for field in fields
        ]
    return table
