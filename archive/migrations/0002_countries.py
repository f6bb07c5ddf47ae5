"""Reference data: the countries the importer recognises, and a few known outlets.

Forms are matched by archive.ingest.countries: lower-case forms match case-insensitively at word
boundaries, a "*" stands for any ending (declension), several words match across white space,
and a form written with capitals (РБ, КНР, USA) matches only as written, so "us" or "рб" inside
ordinary words never count. Compound stems are the first parts of «белорусско-китайский».
"""

from django.db import migrations

# code, name_en, name_ru, forms, compound stems
COUNTRIES = [
    ("BY", "Belarus", "Беларусь",
     ["беларус*", "белорус*", "РБ", "минск*", "belarus*", "byelorussia*", "minsk"],
     ["белорусско", "беларусско", "belarusian", "belarusan"]),
    ("CN", "China", "Китай",
     ["китай*", "китайц*", "КНР", "пекин*", "поднебесн*", "china*", "chinese", "PRC",
      "beijing", "peking", "celestial empire"],
     ["китайско", "sino"]),
    ("RU", "Russia", "Россия",
     ["росси*", "РФ", "москв*", "московск*", "russia*", "moscow"],
     ["российско", "русско", "russo"]),
    ("KZ", "Kazakhstan", "Казахстан",
     ["казахстан*", "казахск*", "астан*", "kazakh*", "astana"],
     ["казахстанско", "казахско"]),
    ("UZ", "Uzbekistan", "Узбекистан",
     ["узбекистан*", "узбекск*", "ташкент*", "uzbek*", "tashkent"],
     ["узбекистанско", "узбекско"]),
    ("KG", "Kyrgyzstan", "Киргизия",
     ["киргизи*", "кыргызстан*", "киргизск*", "кыргызск*", "бишкек*", "kyrgyz*", "bishkek"],
     ["кыргызско", "киргизско", "кыргызстанско"]),
    ("TJ", "Tajikistan", "Таджикистан",
     ["таджикистан*", "таджикск*", "душанбе", "tajik*", "dushanbe"],
     ["таджикско", "таджикистанско"]),
    ("TM", "Turkmenistan", "Туркменистан",
     ["туркменистан*", "туркмени*", "туркменск*", "ашхабад*", "turkmen*", "ashgabat"],
     ["туркменско", "туркменистанско"]),
    ("AM", "Armenia", "Армения",
     ["армени*", "армянск*", "ереван*", "armenia*", "yerevan"],
     ["армянско"]),
    ("AZ", "Azerbaijan", "Азербайджан",
     ["азербайджан*", "баку", "azerbaijan*", "azerbaijani", "baku"],
     ["азербайджанско"]),
    ("GE", "Georgia", "Грузия",
     ["грузия", "грузии", "грузию", "грузией", "грузинск*", "тбилиси", "georgia", "georgian",
      "tbilisi"],
     ["грузинско"]),
    ("MD", "Moldova", "Молдова",
     ["молдов*", "молдави*", "молдавск*", "кишинев*", "moldova*", "moldovan", "chisinau"],
     ["молдавско", "молдовско"]),
    ("UA", "Ukraine", "Украина",
     ["украин*", "киев*", "ukrain*", "kyiv", "kiev"],
     ["украинско"]),
    ("PL", "Poland", "Польша",
     ["польш*", "польск*", "варшав*", "poland", "warsaw"],
     ["польско", "polish"]),
    ("LT", "Lithuania", "Литва",
     ["литва", "литвы", "литве", "литву", "литвой", "литовск*", "вильнюс*", "lithuania*",
      "vilnius"],
     ["литовско"]),
    ("LV", "Latvia", "Латвия",
     ["латви*", "латвийск*", "рига", "риги", "риге", "ригу", "ригой", "latvia*", "riga"],
     ["латвийско"]),
    ("EE", "Estonia", "Эстония",
     ["эстони*", "эстонск*", "таллин*", "estonia*", "tallinn"],
     ["эстонско"]),
    ("DE", "Germany", "Германия",
     ["германи*", "немецк*", "ФРГ", "берлин*", "germany", "german", "berlin"],
     ["германско", "немецко", "german"]),
    ("FR", "France", "Франция",
     ["франци*", "французск*", "париж*", "france", "french", "paris"],
     ["французско", "franco"]),
    ("GB", "United Kingdom", "Великобритания",
     ["великобритани*", "британск*", "соединенное королевство", "соединенного королевства",
      "лондон*", "britain", "british", "united kingdom", "UK", "london"],
     ["британско", "anglo"]),
    ("US", "United States", "США",
     ["США", "соединенные штаты", "соединенных штатов", "соединенным штатам",
      "соединенными штатами", "американск*", "вашингтон*", "united states", "USA", "US", "U.S.",
      "american", "washington"],
     ["американско"]),
    ("IT", "Italy", "Италия",
     ["итали*", "итальянск*", "рим", "рима", "риме", "римом", "italy", "italian*", "rome"],
     ["итальянско", "italo"]),
    ("ES", "Spain", "Испания",
     ["испани*", "испанск*", "мадрид*", "spain", "spanish", "madrid"],
     ["испанско"]),
    ("TR", "Turkey", "Турция",
     ["турци*", "турецк*", "анкар*", "turkey", "türkiye", "turkish", "ankara"],
     ["турецко"]),
    ("IR", "Iran", "Иран",
     ["иран", "ирана", "ирану", "ираном", "иране", "иранск*", "тегеран*", "iran", "iranian",
      "tehran"],
     ["иранско"]),
    ("IN", "India", "Индия",
     ["индия", "индии", "индию", "индией", "индийск*", "нью-дели", "дели", "india", "indian",
      "new delhi"],
     ["индийско", "indo"]),
    ("PK", "Pakistan", "Пакистан",
     ["пакистан*", "исламабад*", "pakistan*", "islamabad"],
     ["пакистанско"]),
    ("VN", "Vietnam", "Вьетнам",
     ["вьетнам*", "ханой*", "vietnam*", "viet nam", "hanoi"],
     ["вьетнамско"]),
    ("MN", "Mongolia", "Монголия",
     ["монголи*", "монгольск*", "улан-батор*", "mongolia*", "ulaanbaatar"],
     ["монгольско"]),
    ("KP", "North Korea", "КНДР",
     ["КНДР", "северн* коре*", "северокорейск*", "пхеньян*", "DPRK", "north korea*",
      "pyongyang"],
     ["северокорейско"]),
    ("KR", "South Korea", "Республика Корея",
     ["южн* коре*", "республик* корея", "южнокорейск*", "сеул*", "south korea*",
      "republic of korea", "seoul"],
     ["южнокорейско"]),
    ("JP", "Japan", "Япония",
     ["япони*", "японск*", "токио", "japan", "japanese", "tokyo"],
     ["японско", "japano"]),
    ("ID", "Indonesia", "Индонезия",
     ["индонези*", "индонезийск*", "джакарт*", "indonesia*", "jakarta"],
     ["индонезийско"]),
    ("EG", "Egypt", "Египет",
     ["египет", "египта", "египту", "египтом", "египте", "египетск*", "каир*", "egypt*",
      "cairo"],
     ["египетско"]),
    ("AE", "United Arab Emirates", "ОАЭ",
     ["ОАЭ", "объединенн* арабск* эмират*", "эмиратск*", "абу-даби", "UAE", "emirati",
      "united arab emirates", "abu dhabi"],
     ["эмиратско"]),
    ("SA", "Saudi Arabia", "Саудовская Аравия",
     ["саудовск* арави*", "эр-рияд*", "saudi*", "riyadh"],
     ["саудовско"]),
    ("RS", "Serbia", "Сербия",
     ["серби*", "сербск*", "белград*", "serbia*", "belgrade"],
     ["сербско"]),
    ("HU", "Hungary", "Венгрия",
     ["венгри*", "венгерск*", "будапешт*", "hungary", "hungarian", "budapest"],
     ["венгерско"]),
    ("BR", "Brazil", "Бразилия",
     ["бразили*", "бразильск*", "brazil*"],
     ["бразильско"]),
    ("ZA", "South Africa", "ЮАР",
     ["ЮАР", "южно-африканск*", "южноафриканск*", "претори*", "south africa*", "pretoria"],
     ["южноафриканско"]),
    ("CU", "Cuba", "Куба",
     ["куба", "кубы", "кубе", "кубу", "кубой", "кубинск*", "гаван*", "cuba", "cuban*",
      "havana"],
     ["кубинско"]),
    ("VE", "Venezuela", "Венесуэла",
     ["венесуэл*", "каракас*", "venezuela*", "caracas"],
     ["венесуэльско"]),
]

# name, domain, country code
OUTLETS = [
    ("news.by", "news.by", "BY"),
    ("Sputnik Беларусь", "sputnik.by", "BY"),
    ("Министерство связи и информатизации Республики Беларусь", "mpt.gov.by", "BY"),
    ("BelTA", "belta.by", "BY"),
    ("Xinhua", "xinhuanet.com", "CN"),
    ("TASS", "tass.ru", "RU"),
    ("RIA Novosti", "ria.ru", "RU"),
]

OUTLET_SLUGS = {
    "news.by": "news-by",
    "Sputnik Беларусь": "sputnik-belarus",
    "Министерство связи и информатизации Республики Беларусь": "mpt-gov-by",
    "BelTA": "belta",
    "Xinhua": "xinhua",
    "TASS": "tass",
    "RIA Novosti": "ria-novosti",
}


def seed(apps, schema_editor):
    Country = apps.get_model("archive", "Country")
    Outlet = apps.get_model("archive", "Outlet")
    for code, name_en, name_ru, forms, stems in COUNTRIES:
        Country.objects.update_or_create(
            code=code,
            defaults={"name_en": name_en, "name_ru": name_ru, "forms": forms,
                      "compound_stems": stems},
        )
    for name, domain, country in OUTLETS:
        Outlet.objects.update_or_create(
            name=name,
            defaults={"slug": OUTLET_SLUGS[name], "domain": domain,
                      "country": Country.objects.get(code=country)},
        )


def unseed(apps, schema_editor):
    Country = apps.get_model("archive", "Country")
    CountryPair = apps.get_model("archive", "CountryPair")
    Outlet = apps.get_model("archive", "Outlet")
    codes = [row[0] for row in COUNTRIES]
    Outlet.objects.filter(name__in=[row[0] for row in OUTLETS]).delete()
    CountryPair.objects.filter(first__code__in=codes).delete()
    CountryPair.objects.filter(second__code__in=codes).delete()
    Country.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
