"""The words that decide where an agreement's name ends, in Russian and English.

Plain data for archive.ingest.agreement_spans: prepositions that go on a name and phrases that
end it («в ходе», "on the sidelines"), words that judge rather than name («новое», "landmark"),
English verbs and function words, and the words that only say who or how many.
"""

from archive.ingest.agreement_morph import word_set

RU_PREPS = {"о", "об", "обо", "по", "в", "во", "на", "с", "со", "от", "до", "для", "из", "к", "ко",
            "против", "без", "через", "среди"}  # fmt: skip
# «в ходе визита», «на полях форума», «по словам министра»: the sentence moves on.
RU_PREP_STOPS = {
    "в": {"ходе", "время", "рамках", "присутствии", "связи", "результате", "качестве", "течение",
          "том", "этой", "этом", "целом", "частности", "настоящее", "итоге", "апреле"},
    "во": {"время", "исполнение"},
    "на": {"полях", "сумму", "встрече", "церемонии", "заседании", "площадке", "переговорах",
           "форуме", "саммите", "этой", "этот", "основе", "уровне"},
    "по": {"случаю", "словам", "мнению", "данным", "сообщению", "информации", "его", "ее"},
    "с": {"целью", "участием", "учетом", "учётом", "тем"},
    "от": set(),
}  # fmt: skip
RU_NOT_CONTENT = {"который", "которая", "которое", "которые", "которого", "которой", "котором",
                  "которым", "которых", "этот", "эта", "это", "эти", "этого", "этой", "этом",
                  "такой", "такое", "такие", "данный", "данное", "весь", "все", "всех", "свой",
                  "своих", "наш", "ваш", "год", "года", "году", "годом"}  # fmt: skip
# Adjectives that tell the type of a document, not which one («межправительственное»).
RU_GENERIC = ("совместн", "межправительствен", "двусторон", "многосторон", "межгосударствен",
              "межведомствен", "рамочн", "всеобъемлющ", "стратегическ", "долгосрочн")  # fmt: skip
# Adjectives that judge or point («новое», «указанное»): never part of a name.
RU_EVALUATIVE = ("нов", "важн", "очередн", "соответствующ", "указанн", "настоящ", "действующ",
                 "перв", "втор", "последн", "данн", "сам", "крупн", "историческ", "ранее",
                 "подписанн", "соответствен", "аналогичн", "прошл", "нынешн", "друг")  # fmt: skip

EN_PREPS = {"on", "of", "for", "in", "to", "concerning", "regarding", "from", "against"}
EN_DETS = {"the", "a", "an"}
EN_STOP = word_set(
    """
    is are was were be been being am will would shall should can could may might must do does
    did has have had having said says say noted notes added adds stressed stresses signed sign
    signs which that who whom whose where when while as after before during at by under into
    onto upon over also here there today yesterday tomorrow earlier later last next this these
    those it its they their them he his she her we our us you your i my me one such other
    than then so but if because although though not no nor yet only just already still
    including include includes included aimed aims aim provides provide covering
    covers cover allow allows allowing envisages envisage stipulates stipulate marks mark
    opens open opened entered enters came come comes took take takes gave give gives made
    make makes became become becomes remains remain remained set sets reached reach reaches
    seeks seek calls call expected expects expect following amid within about via per
    according ceremony worth totalling totaling valued million billion trillion thousand
    signing sides parties aiming envisaging stipulating enabling making giving bringing paving
    opening marking reaching focusing involving seeking setting targeting outlining laying
    calling featuring boosting contributing helping serving
    """
)
EN_GENERIC = {"joint", "bilateral", "intergovernmental", "interstate", "interdepartmental",
              "framework", "comprehensive", "strategic", "long-term", "preliminary", "trilateral",
              "multilateral", "mutual"}  # fmt: skip
EN_EVALUATIVE = {"new", "important", "historic", "landmark", "major", "key", "first", "second",
                 "latest", "recent", "relevant", "respective", "various", "additional", "several",
                 "many", "some", "any", "all", "both", "two", "three", "final", "big", "detailed",
                 "specific", "corresponding", "existing", "current", "previous", "former",
                 "broad", "significant", "concrete", "practical", "such", "same", "earlier",
                 "million", "billion", "trillion", "good"}  # fmt: skip
EN_ED_WORDS = {"related", "advanced", "organized", "organised", "united", "integrated",
               "sentenced", "combined", "unified", "automated", "liquefied", "enhanced",
               "expanded", "specialized", "specialised", "coordinated", "detailed", "based",
               "red", "need", "seed", "feed", "speed", "breed", "bed", "shed", "hundred"}  # fmt: skip
# Words ending in -ly that are not adverbs.
EN_LY_WORDS = {"supply", "family", "assembly", "monopoly", "friendly", "early", "daily", "weekly",
               "monthly", "quarterly", "yearly", "elderly", "holy", "ally", "rally", "reply",
               "apply", "italy", "july", "neighbourly", "neighborly", "orderly"}  # fmt: skip
EN_DATE_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
EN_ON_STOPS = {"sidelines", "occasion", "eve", "behalf", "basis", "side", "day", "way"}
# Words that say who or how many, not what a document is about («двух стран», "the sides").
NOT_SUBJECT = {"сторона", "страна", "два", "оба", "государство", "side", "party", "country", "two",
          "both", "state", "nation", "government", "правительство", "sides", "parties",
          "countries", "states", "nations", "governments", "leader", "лидер", "год", "year"}  # fmt: skip
