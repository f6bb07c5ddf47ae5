"""The words agreement names are made of, Russian and English lemmas sharing one concept.

With it «Договор о добрососедстве, дружбе и сотрудничестве» and "Treaty of Good-
Neighbourliness, Friendship and Cooperation" are the same words; a word missing here still
matches itself in its own language. Each line: concept, then the lemmas that express it.
"""

from archive.ingest.agreement_morph import word_set

CONCEPTS = """
k:agreement: соглашение agreement
k:memorandum: меморандум memorandum mou
k:treaty: договор treaty
k:contract: контракт contract
k:protocol: протокол protocol
k:communique: коммюнике communique
k:statement: заявление statement
k:declaration: декларация declaration
k:programme: программа programme program
k:plan: план plan
k:initiative: инициатива initiative
road: дорожный road roadmap
map: карта map roadmap
understanding: взаимопонимание understanding mou
intent: намерение intent intention
cooperation: сотрудничество cooperation co-operation collaboration
interaction: взаимодействие interaction
partnership: партнерство partnership partner партнер
friendship: дружба дружественный дружеский friendship friendly
goodneighbour: добрососедство добрососедский good-neighbourliness good-neighborliness good-neighbourly good-neighborly neighbourliness neighborliness
strategic: стратегический strategic strategy стратегия
comprehensive: всеобъемлющий всесторонний comprehensive
trade: торговля торговый торгово trade
economic: экономический экономика экономически economic economy
investment: инвестиция инвестиционный капиталовложение investment
protection: защита protection
promotion: поощрение продвижение содействие promotion encouragement promoting promote
mutual: взаимный mutual reciprocal
recognition: признание recognition
document: документ document
education: образование образовательный education educational
culture: культура культурный culture cultural
science: наука научный научно science scientific
technology: технология технологический technology technological икт ict
technical: технический технически technical
innovation: инновация инновационный innovation innovative
information: информация информационный информационно information икт ict
communication: коммуникация коммуникационный связь communication telecommunication икт ict
digital: цифровой digital
electronic: электронный electronic e
commerce: коммерция commerce
visa: виза визовый visa visa-free безвизовый
exemption: освобождение exemption waiver
requirement: требование requirement
health: здравоохранение здоровье health healthcare
medicine: медицина медицинский medical medicine
agriculture: сельскохозяйственный agriculture agricultural agro-industrial агропромышленный
energy: энергетика энергетический энергия energy
oil: нефть нефтяной oil
gas: газ газовый gas
nuclear: ядерный атомный nuclear atomic
peaceful: мирный peaceful
use: использование use utilization
space: космос космический space outer
research: исследование research exploration
tourism: туризм туристический tourism tourist
sport: спорт спортивный sport
youth: молодежь молодежный youth
media: сми медиа media mass-media
news: новость news
transport: транспорт транспортный transport transportation
railway: железнодорожный railway rail
automobile: автомобильный automobile
aviation: авиация авиационный воздушный aviation air
logistics: логистика логистический logistics
finance: финансы финансовый finance financial
bank: банк банковский bank banking
currency: валюта валютный currency
swap: своп swap
tax: налог налоговый налогообложение tax taxation
double: двойной double
avoidance: избежание avoidance avoid
evasion: уклонение evasion
income: доход income
customs: таможенный таможня customs
security: безопасность security
defence: оборона оборонный defence defense
military: военный военно military
terrorism: терроризм terrorism
extremism: экстремизм extremism
separatism: сепаратизм separatism
crime: преступность преступление crime
combat: борьба противодействие combat combating fight fighting countering counter
legal: правовой legal
assistance: помощь assistance aid
civil: гражданский civil
criminal: уголовный criminal
extradition: выдача экстрадиция extradition
transfer: передача transfer
sentenced: осужденный sentenced
environment: окружающий среда environment environmental
climate: климат климатический climate
water: водный water
forest: лесной лес forest forestry
free: свободный free
zone: зона zone
development: развитие development developing
implementation: реализация осуществление выполнение implementation implement implementing
amendment: изменение поправка amendment amending
establishment: создание учреждение establishment establishing
centre: центр centre center
meeting: встреча заседание meeting session
head: глава руководитель head
regular: регулярный regular
industry: промышленность промышленный индустриальный industry industrial
capacity: мощность capacity
infrastructure: инфраструктура инфраструктурный infrastructure
construction: строительство construction
export: экспорт экспортный export
import: импорт импортный import
supply: поставка снабжение supply delivery
product: продукция продукт product
food: пищевой продовольственный продовольствие food
phytosanitary: фитосанитарный phytosanitary
veterinary: ветеринарный veterinary
sanitary: санитарный sanitary
inspection: инспекция инспектирование inspection
quarantine: карантин карантинный quarantine
humanitarian: гуманитарный humanitarian
exchange: обмен exchange
student: студент студенческий student
academic: академический academic
language: язык языковой language
labour: трудовой труд labour labor
migration: миграция миграционный migration
employment: занятость трудоустройство employment
social: социальный social
insurance: страхование insurance
pension: пенсионный пенсия pension
standard: стандарт стандартизация standard standardization standardisation
certification: сертификация certification
intellectual: интеллектуальный intellectual
property: собственность property
patent: патент patent
competition: конкуренция competition
antimonopoly: антимонопольный antimonopoly antitrust
statistics: статистика статистический statistics statistical
postal: почтовый postal
satellite: спутник спутниковый satellite navigation навигация
artificial: искусственный artificial
intelligence: интеллект intelligence
archive: архив архивный archive
film: кино фильм film cinema
publishing: издание издательский publishing
sister: побратим побратимский twin sister
city: город city
region: регион региональный region regional
province: провинция province
border: граница пограничный border frontier
cross-border: приграничный cross-border
emergency: чрезвычайный emergency
disaster: бедствие стихийный disaster
relief: ликвидация relief
consular: консульский consular
diplomatic: дипломатический diplomatic
passport: паспорт passport
holder: владелец holder
official: служебный official
ordinary: общегражданский ordinary
long: долгосрочный long-term
period: период period
belt: пояс belt
silk: шелковый silk
"""

# Words that say nothing about which agreement it is: grammar, the signatories' titles, the
# type («совместное», "intergovernmental" are in the kind), «в области», "in the field of".
FILLER = word_set(
    """
    о об обо по в во на с со от до для из к ко между и или а также за при через без против
    среди under the a an of on in for to and or between with by at from concerning regarding
    against into within its their this that these those
    область сфера вопрос часть направление рамка итог внесение
    field area sphere matter issue question domain result outcome following
    совместный двусторонний межправительственный межгосударственный межведомственный
    joint bilateral intergovernmental interstate interdepartmental trilateral
    правительство республика федерация народный королевство сторона страна государство
    government republic federation people kingdom side party country state nation
    два оба двое две two both год year
    """
)


def _parse(text: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for line in text.strip().splitlines():
        concept, _, words = line.partition(": ")
        for word in words.split():
            table.setdefault(word, []).append(concept)
    return {word: tuple(concepts) for word, concepts in table.items()}


GLOSSARY = _parse(CONCEPTS)
