"""Long texts with no sentence punctuation, made for the tests: news sentences about
strikes and clashes, each naming actors, places and tolls, joined with spaces only (an
article scraped without its punctuation is one sentence)."""
from __future__ import annotations

import random

SENTENCES = [
    "قصفت طائرات حربية روسية مواقع لهيئة تحرير الشام في بلدة {place} بريف إدلب ما أدى إلى مقتل {n} عناصر",
    "اندلعت اشتباكات عنيفة بين قوات النظام من جهة وفصائل المعارضة من جهة أخرى على أطراف {place}",
    "استهدفت قوات سوريا الديمقراطية بقذائف الهاون تجمعات لتنظيم الدولة الإسلامية قرب {place} وقتل {n} منهم",
    "نفذ التحالف الدولي غارات على مقرات التنظيم في {place} بدعم من القوات الأمريكية",
    "أعلن المرصد السوري لحقوق الإنسان أن {n} مدنيين قتلوا بقصف لقوات النظام على {place}",
    "شنت الطائرات الإسرائيلية غارات على مستودعات للحرس الثوري الإيراني وحزب الله في {place}",
    "سيطرت القوات التركية والفصائل الموالية لها على قرية {place} بعد معارك مع وحدات حماية الشعب الكردية",
    "قتل {n} عناصر من قوات النظام وأصيب آخرون في هجوم شنته هيئة تحرير الشام على حاجز قرب {place}",
    "انفجرت عبوة ناسفة بسيارة عسكرية لقوات سوريا الديمقراطية في {place} ما أسفر عن مقتل {n} منهم",
    "اعتقلت قوات النظام {n} شبان من أهالي {place} خلال حملة مداهمات",
]
PLACES = ["سراقب", "معرة النعمان", "خان شيخون", "جسر الشغور", "الباب", "منبج", "دير الزور", "البوكمال",
          "الميادين", "حماة", "تل رفعت", "عفرين", "درعا", "دوما", "حرستا", "القريتين"]


def unpunctuated(chars: int, seed: int = 14) -> str:
    """About `chars` characters of such sentences with no punctuation at all."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < chars:
        s = rng.choice(SENTENCES).format(place=rng.choice(PLACES), n=rng.randint(2, 40))
        parts.append(s)
        total += len(s) + 1
    return " ".join(parts)[:chars]
