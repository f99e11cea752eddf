/* Interface text (English, Arabic), type colours and the search normalisation. */

export const I18N = {
  en: {
    search: "Search", dates: "Dates", from: "From", to: "To", eventType: "Event type", actor: "Actor",
    governorate: "Governorate", any: "any", disputedOnly: "Disputed only", reset: "Reset filters",
    hint: "Click a point to see the event, its sources and the Arabic evidence.",
    exportCsv: "CSV", exportGeojson: "GeoJSON", events: "events", of: "of", fatalities: "fatalities",
    date: "Date", type: "Type", actors: "Actors", location: "Location", precision: "Geo precision",
    precisionText: {1: "the town itself", 2: "near / part of a named place", 3: "area-level point"},
    notes: "Notes", sources: "Sources", reports: "reports", outlets: "outlets", evidence: "Evidence", disputed: "Disputed", claims: "Claims by source",
    openArticle: "Read the article", back: "Back to the event", injured: "injured", confidence: "Confidence",
    article: "Article", published: "Published", sizeLegend: "Size: fatalities; grey discs: clusters of nearby events",
    noPlace: "events without a place are not on the map", loading: "Loading…", failed: "Could not load",
    conf50: "≥ 0.5 (likely)", conf80: "≥ 0.8 (very likely)", lowConf: "low confidence (< 0.5)",
    filters: "Filters", close: "Close", map: "Map",
    showAreas: "Area-level events (dashed rings)",
    areaLegend: "dashed ring: events placed at an area (its centre), not a town",
    areaTitle: "events placed at this area", areaNote: "The place stands for a wider area (geo precision 2–3).",
    link: "link", eventList: "Events, newest first", more: "more (narrow the filters to list them)",
  },
  ar: {
    search: "بحث", dates: "التاريخ", from: "من", to: "إلى", eventType: "نوع الحدث", actor: "الطرف",
    governorate: "المحافظة", any: "الكل", disputedOnly: "المختلف عليها فقط", reset: "إلغاء التصفية",
    hint: "انقر على نقطة لعرض الحدث ومصادره والدليل من النص العربي.",
    exportCsv: "CSV", exportGeojson: "GeoJSON", events: "حدث", of: "من", fatalities: "قتلى",
    date: "التاريخ", type: "النوع", actors: "الأطراف", location: "المكان", precision: "دقة الموقع",
    precisionText: {1: "البلدة نفسها", 2: "قرب مكان مسمى", 3: "نقطة على مستوى المنطقة"},
    notes: "ملخص", sources: "المصادر", reports: "تقارير", outlets: "وسائل إعلام", evidence: "الدليل", disputed: "مختلف عليه", claims: "روايات المصادر",
    openArticle: "قراءة المقال", back: "العودة إلى الحدث", injured: "جرحى", confidence: "الثقة",
    article: "المقال", published: "تاريخ النشر", sizeLegend: "الحجم: عدد القتلى؛ الأقراص الرمادية: مجموعات أحداث متقاربة",
    noPlace: "الأحداث بلا موقع لا تظهر على الخريطة", loading: "جار التحميل…", failed: "تعذر التحميل",
    conf50: "≥ 0.5 (مرجّح)", conf80: "≥ 0.8 (مرجّح جدًا)", lowConf: "ثقة منخفضة (< 0.5)",
    filters: "التصفية", close: "إغلاق", map: "الخريطة",
    showAreas: "أحداث على مستوى المنطقة (حلقات متقطعة)",
    areaLegend: "الحلقة المتقطعة: أحداث موقعها منطقة (مركزها) لا بلدة",
    areaTitle: "أحداث في هذه المنطقة", areaNote: "الموقع يمثل منطقة أوسع (دقة الموقع 2–3).",
    link: "رابط", eventList: "الأحداث، الأحدث أولًا", more: "أخرى (ضيّق التصفية لعرضها)",
  },
};
export const TYPE_AR = {
  "Battles": "معارك", "Explosions/Remote violence": "تفجيرات/عنف عن بعد",
  "Violence against civilians": "عنف ضد المدنيين", "Protests": "احتجاجات", "Riots": "أعمال شغب",
  "Strategic developments": "تطورات استراتيجية",
};
export const COLORS = {
  "Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e", "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c", "Riots": "#8c564b", "Strategic developments": "#1f77b4",
};
// Clusters are neutral greys (app.css .cluster-0 .. .cluster-3), darker as they hold more
// events: no type colour (green is Protests, orange Explosions) may be read into a cluster.
export const CLUSTER_STEPS = [9, 49, 199];  // the most events of each level but the last

export const ui = { lang: "en" };
export const t = (k) => I18N[ui.lang][k] ?? I18N.en[k] ?? k;
export const typeName = (ty) => (ui.lang === "ar" ? TYPE_AR[ty] || ty : ty);
export const placeName = (e) => (ui.lang === "ar" && e.loc_ar) || e.loc || e.loc_ar || "";

// The server's normalisation for matching (rasd.text.normalize): diacritics and tatweel
// dropped, alef/ya/ta marbuta forms and digits unified, so that "ادلب" finds "إدلب" and a
// query of tatweel alone is no query at all, as in the API.
const DROP = /[\u064B-\u0652\u0670\u0640\u200C-\u200F\u061C\uFEFF\u00AD]/g;
const FOLD = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي",
               "ة": "ه", "ک": "ك", "ھ": "ه", "ۀ": "ه" };
export const normalize = (text) => text.replace(DROP, "")
  .replace(/[أإآٱٲٳؤئىیةکھۀ]/g, (c) => FOLD[c])
  .replace(/[\u0660-\u0669]/g, (c) => String(c.charCodeAt(0) - 0x0660))
  .replace(/[\u06F0-\u06F9]/g, (c) => String(c.charCodeAt(0) - 0x06F0))
  .toLowerCase();
