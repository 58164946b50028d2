/**
 * The evidence registry: every clinical number or rule in liftplan names one of these keys. Each entry points
 * into `docs/evidence/clinical-facts.md` (a verbatim copy of the project's evidence base) by a quote that a
 * test finds in that file, so a citation cannot drift from its source.
 */
export type EvidenceGrade =
  'SR/MA' | 'Clin' | 'Anat' | 'Cons' | 'Ind' | 'Val' | 'Ref' | 'Law' | 'Reg' | 'Data' | 'Gap';

export interface Citation {
  readonly section: string;
  readonly source: string;
  readonly grade: EvidenceGrade;
  /** Exact text from clinical-facts.md that this citation rests on. */
  readonly quote: string;
}

export const CITATIONS = {
  'iris-11.77': {
    section: '§4 Useful proportions / §9 Emotrics',
    source: 'Guarin DL et al. JAMA Facial Plast Surg 2018 (Emotrics)',
    grade: 'Val',
    quote: 'Iris diameter 11.77 mm can scale px→mm on frontal photos',
  },
  'mediapipe-canonical': {
    section: '§9 MediaPipe Face Mesh',
    source: 'MediaPipe canonical face model (shared/data/mediapipe, Apache-2.0), centimetre scale',
    grade: 'Data',
    quote: 'MediaPipe Face Mesh',
  },
  'asymmetry-perception': {
    section: '§3 Factors / §9 Asymmetry metrics',
    source: 'Hwang K. Arch Craniofac Surg, "Analysis of facial asymmetry" (PMC5556787)',
    grade: 'Clin',
    quote: 'humans notice asymmetry when canting > 3° or linear difference > 3 mm',
  },
  'asymmetry-midline-standardisation': {
    section: '§9 Asymmetry metrics',
    source: 'AADR 2012 abstract (182 adults)',
    grade: 'Val',
    quote: 'landmark Euclidean asymmetry needs rotational standardization to the mid-facial plane',
  },
  'brow-height-matros': {
    section: '§9 Brow height',
    source: 'Matros E, Yaremchuk MJ. PRS 2009;124:1296; Park J. Arch Plast Surg 2017',
    grade: 'Clin',
    quote: 'brow above intercanthal plane at medial canthus/pupil/lateral canthus',
  },
  'lateral-brow-descent': {
    section: '§2 Brow / temple',
    source: 'Park J et al. Arch Plast Surg 2017;44(1):65',
    grade: 'Clin',
    quote: 'Lateral brow is the segment that descends with age in Korean women',
  },
  'jowl-ligaments': {
    section: '§2 Retaining ligaments',
    source: 'Alghoul M, Codner MA. Aesthet Surg J 2013 (standard anatomy, VERIFY wording)',
    grade: 'Anat',
    quote: 'Jowl develops where support is weakest, between the masseteric (cutaneous) ligaments',
  },
  'jowl-3d-ageing': {
    section: '§9 Jowl/jawline',
    source: 'Windhager S et al. Am J Phys Anthropol 2019;169:678; Diaspro 2021',
    grade: 'Clin',
    quote: 'sagged "broken" jawline, deeper NLF',
  },
  'mesh-jaw-sliding': {
    section: 'vision-notes: jaw contour',
    source: 'liftplan vision notes: the mesh jaw points slide along the contour; use contour distances',
    grade: 'Data',
    quote:
      'no peer-reviewed, validated MediaPipe-468 metric for jowl angle, jawline contour, oral-commissure angle or midface descent',
  },
  'midface-width-kang': {
    section: '§2 Midface / malar; §3 Factors',
    source: 'Kang K et al. J Cosmet Med 2020;4(2):96–100',
    grade: 'Clin',
    quote: 'bunching lax tissue can widen the midface',
  },
  'bizygomatic-metric': {
    section: '§9 Midface width',
    source: 'Kang 2020 (bizygomatic diameter as a widening metric)',
    grade: 'Clin',
    quote: 'bizygomatic diameter (3-D) as mid-face-widening metric after threads',
  },
  'no-validated-mesh-metric': {
    section: '§9 Gap',
    source: 'clinical-facts §9 gap statement',
    grade: 'Gap',
    quote: 'no peer-reviewed, validated MediaPipe-468 metric',
  },
  'age-over-50-rates': {
    section: '§3 / §5 Causes',
    source: 'Niu Z et al. Aesthetic Plast Surg 2021;45:2148 (meta-analysis)',
    grade: 'SR/MA',
    quote: 'dimpling 16 % vs 5.6 %, infection 5.9 % vs 0.7 %',
  },
  'pooled-complications': {
    section: '§5 Pooled rates',
    source: 'Niu 2021 MA; Zhou & Zhuang 2025 MA; absorbable-only SR (19 studies)',
    grade: 'SR/MA',
    quote: '| Dimpling/irregularity | 10 % | 7 % (dimpling/asymmetry) | – |',
  },
  'thread-strength-by-laxity': {
    section: '§1 Mechanism / §3 Factors',
    source: 'Hong GW et al. Cosmetics 2024;11(2):42',
    grade: 'Cons',
    quote: 'Thread choice should scale with laxity',
  },
  'fixing-points-temple': {
    section: '§2 General principles',
    source: 'Hong GW et al. Diagnostics 2024;14(7):716',
    grade: 'Cons',
    quote: 'Fixing points belong where subcutaneous fat is minimal and SMAS thick/firm',
  },
  'plane-superficial-smas': {
    section: '§2 General principles',
    source: 'Yi KH et al. Front Med 2026;13:1581406',
    grade: 'Anat',
    quote: 'inserting into the layer **just superficial to the SMAS** in the lateral face',
  },
  'subcutaneous-target': {
    section: '§2 General principles',
    source: 'Wang CK. Dermatol Ther 2020;33(4):e13446',
    grade: 'Clin',
    quote: 'main target layer is **subcutaneous**',
  },
  'temporal-anchor-band': {
    section: '§2 General principles / §4 STA',
    source: 'Yi KH, Oh SM. Skin Res Technol 2024 (24 hemi-heads)',
    grade: 'Anat',
    quote: 'vertical band 1–3 cm anterior to the tragus',
  },
  'midface-3-threads': {
    section: '§2 Midface / malar',
    source: 'Myung & Jung, PRS Glob Open 2020 (summary, VERIFY)',
    grade: 'Clin',
    quote: '**3 threads/side**, radiating rim→medial cheek',
  },
  'bertossi-malar-nlf': {
    section: '§2 Midface / malar',
    source: 'Bertossi D et al. Aesthet Surg J 2019;39(3):241',
    grade: 'Clin',
    quote: '**2–3 PDO barbed 23G threads per side**',
  },
  'bertossi-mandibular': {
    section: '§2 Jowl / jawline',
    source: 'Bertossi D et al. Aesthet Surg J 2019;39(3):241',
    grade: 'Clin',
    quote: 'Mandibular line: **2–4 PDO barbed 21G threads per side**',
  },
  'long-thread-lower-face': {
    section: '§1 Sizes',
    source: 'Dermatol Ther (Heidelb) 2021, doi 10.1007/s13555-021-00569-x',
    grade: 'Clin',
    quote: 'long (23 cm) double-needle threads slightly better lift than short (12 cm)',
  },
  'nlf-5-cogs': {
    section: '§2 Nasolabial fold',
    source: 'Suh DH et al. Dermatol Surg 2015;41(6):720–5',
    grade: 'Clin',
    quote: '**5 bidirectional PDO cog threads per side**',
  },
  'marionette-twin': {
    section: '§2 Marionette',
    source: 'Suh DH 2015',
    grade: 'Clin',
    quote: '**2 "twin" threads per side** for marionette line',
  },
  'perioral-superficial': {
    section: '§2 Marionette',
    source: 'Rohrich RJ, Mohan R. Facial Danger Zone 3, Thieme',
    grade: 'Cons',
    quote: 'keep superficial within one thumb-width of the commissure',
  },
  'brow-1-thread': {
    section: '§2 Brow / temple',
    source: 'ifaas.co "6 steps of eyebrow thread-lifting"',
    grade: 'Ind',
    quote: '**1 thread per eyebrow**',
  },
  'neck-gan-case': {
    section: '§2 Neck',
    source: 'Lam PKW. J Cosmet Med 2024;8(2):129',
    grade: 'Clin',
    quote: 'Retro-auricular sharp-needle neck threads → great auricular nerve neurapraxia',
  },
  'silhouette-cones': {
    section: '§2 Midface / malar',
    source: 'Silhouette Soft (aestheticsjournal 2014; silhouette-soft.com)',
    grade: 'Ind',
    quote: 'Silhouette Soft midface: **2–4 sutures per side**',
  },
  'fat-depth-gauge': {
    section: '§3 Factors',
    source: 'Mian I. J Aesthet Nurs 2023;12(1)',
    grade: 'Ind',
    quote: '**Fat depth** drives gauge',
  },
  'thin-skin-visibility': {
    section: '§3 Factors / §5 Causes',
    source: 'plasticainforma.com.br; tonesclinic; medseoul; diaminy (clinic sources)',
    grade: 'Ind',
    quote: '**Thin skin, low elasticity, little fat** → dimpling/visibility',
  },
  'superficial-placement': {
    section: '§5 Causes',
    source: 'medseoul.com, ifaas.co; Bertossi "superficial displacement" 11.2 %',
    grade: 'Ind',
    quote: '**Superficial placement** → visible thread outline, dimpling, extrusion',
  },
  'over-tension': {
    section: '§5 Causes',
    source: 'diaminy.com; medseoul.com',
    grade: 'Ind',
    quote: '**Excessive tension/over-tightening** → dimpling/puckering',
  },
  'excessive-laxity-surgery': {
    section: '§3 Factors',
    source: 'plasticainforma.com.br (Fuzaro, Silhouette)',
    grade: 'Ind',
    quote: '**Excessive laxity** → surgical lift',
  },
  'heavy-face': {
    section: '§3 Factors',
    source: 'plasticainforma.com.br',
    grade: 'Ind',
    quote: '**Heavy face / excess volume** → thread may not support tissue weight',
  },
  'very-thin-skin-surgery': {
    section: '§3 Factors',
    source: 'plasticainforma.com.br',
    grade: 'Ind',
    quote: '**Extremely thin skin (typically elderly)** → threads visible; surgery preferred',
  },
  'glogau-iv': {
    section: '§3 Factors',
    source: 'youniqueaestheticsacademy.com',
    grade: 'Ind',
    quote: 'Glogau IV ("only wrinkles") usually needs deep resurfacing and/or surgery',
  },
  'refer-durability': {
    section: '§3 When to refer',
    source: 'Bertossi 2019; Abraham 2009; Niu 2021',
    grade: 'Clin',
    quote: 'limit to patients with contraindications for more invasive facial surgery',
  },
  'contra-general': {
    section: '§3 Contraindications',
    source: 'goldthreadusa.com/contraindications',
    grade: 'Ind',
    quote: 'pregnancy, lactation, acute infectious disease, decompensated systemic disease, active cancer',
  },
  'contra-autoimmune': {
    section: '§3 Contraindications',
    source: 'goldthreadusa.com; skinloft.com',
    grade: 'Ind',
    quote: 'Autoimmune/connective-tissue disease',
  },
  'contra-bleeding': {
    section: '§3 Contraindications',
    source: 'goldthreadusa.com; Arora 2019 (exclusion)',
    grade: 'Ind',
    quote: 'Coagulation disorders / bleeding tendency',
  },
  'contra-skin-lesion': {
    section: '§3 Contraindications',
    source: 'goldthreadusa.com; derma-health.com',
    grade: 'Ind',
    quote: 'lesions at insertion sites (acne, herpes, rosacea, papillomatosis); local skin infection',
  },
  'contra-keloid': {
    section: '§3 Contraindications',
    source: 'Arora 2019 (exclusion); derma-health.com',
    grade: 'Clin',
    quote: 'Keloid/hypertrophic scarring tendency',
  },
  'contra-immune-diabetes': {
    section: '§3 Contraindications',
    source: 'derma-health.com; myplasticsurgery.gr',
    grade: 'Ind',
    quote: 'Immune deficiency; poorly controlled diabetes (must be well controlled)',
  },
  'prior-threads-filler': {
    section: '§3 Contraindications',
    source: 'derma-health.com',
    grade: 'Ind',
    quote: 'Permanent filler or previous threads in the area: must be disclosed (alters plan)',
  },
  'unrealistic-expectations': {
    section: '§3 Contraindications',
    source: 'goldthreadusa.com',
    grade: 'Ind',
    quote: 'Mental illness / unrealistic expectations',
  },
  anticoagulants: {
    section: '§3 Contraindications',
    source: 'northmetroderm.com; injxmedspa.com; restorationmed.net',
    grade: 'Ind',
    quote: '**do not stop prescribed anticoagulants without the prescriber**',
  },
  'herpes-prophylaxis': {
    section: '§3 Contraindications',
    source: 'injxmedspa.com',
    grade: 'Ind',
    quote: 'Herpes-labialis history → antiviral prophylaxis',
  },
  'recent-dental': {
    section: '§3 Contraindications',
    source: 'restorationmed.net',
    grade: 'Ind',
    quote: 'Recent dental work/vaccines: avoid 2 weeks before',
  },
  'no-filler-interval': {
    section: '§3 Contraindications (gap)',
    source: 'clinical-facts gap: no validated recent-filler interval',
    grade: 'Gap',
    quote: '**No validated "recent filler" exclusion interval found** (gap)',
  },
  'usp-sizes': {
    section: '§1 Sizes',
    source: 'de.zxc.wiki "Fadenstärke" (Wikipedia mirror)',
    grade: 'Ref',
    quote: 'USP diameter ranges: 6-0 0.070–0.079 mm',
  },
  'pdo-needles': {
    section: '§1 Sizes',
    source: 'drvaesthetics.com; aestheticami.com',
    grade: 'Ind',
    quote: 'PDO mono: 26–31G needle, 12–60 mm',
  },
  'lifting-cog-usp': {
    section: '§1 Sizes',
    source: 'Periquito-Cosenza P. J Dermat Cosmetol 2025;9(1):11; Bertossi 2019',
    grade: 'Clin',
    quote: 'Lifting cogs in published series: USP 3-0 to 0-2',
  },
  'pdo-absorption': {
    section: '§1 Materials',
    source: 'Ray JA 1981; Chang H, Kang K. J Cosmet Med 2022',
    grade: 'Clin',
    quote: 'PDO threads "mostly absorbed within 6 months"',
  },
  'plla-absorption': {
    section: '§1 Materials',
    source: 'aestheticsjournal.com 2014; w1wellness.com',
    grade: 'Ind',
    quote: 'PLA degrades to lactic acid over 6–24 months',
  },
  'plcl-review': {
    section: '§1 Materials',
    source: 'Wong V. Clin Cosmet Investig Dermatol 2021;14:45–54',
    grade: 'Cons',
    quote: 'P(LA/CL) threads: degradation/biocompatibility review',
  },
  'pcl-swelling': {
    section: '§1 Materials',
    source: 'absorbable-thread SR, 19 studies (journal VERIFY)',
    grade: 'SR/MA',
    quote: 'PCL (polycaprolactone) threads: associated with more swelling/ecchymosis',
  },
  'mono-no-lift': {
    section: '§1 Classification',
    source: 'equinoxaestheticacademy.com.au',
    grade: 'Ind',
    quote: 'Mono/smooth threads give no mechanical lift',
  },
  'screw-volume': {
    section: '§1 Classification',
    source: 'facialinjectables.com; reflectionshealthandmedspa.com',
    grade: 'Ind',
    quote: 'Screw/twist threads: 1–2 strands wound helically',
  },
  'molded-barbs': {
    section: '§1 Classification',
    source: 'gcskin.com; mb.com.ph 2026',
    grade: 'Ind',
    quote: 'Molded barbs: higher slippage threshold',
  },
  'u-shaped-anchored': {
    section: '§1 Classification',
    source: 'Hong GW et al. Life 2025;15(1):85',
    grade: 'Cons',
    quote: 'U-shaped 85–90 % visible elevation when temple-anchored but bleeding 15–20 %, dimpling 12–18 %',
  },
  'absorbable-vs-permanent': {
    section: '§1 Classification',
    source: 'Niu Z et al. Aesthetic Plast Surg 2021;45(5):2148–58',
    grade: 'SR/MA',
    quote: 'absorbable have lower paresthesia (3.1 % vs 11.7 %) and extrusion (1.6 % vs 7.6 %)',
  },
  'temporal-alopecia': {
    section: '§5 Causes',
    source: 'Yeo SH et al. Arch Aesthetic Plast Surg 2017',
    grade: 'Clin',
    quote: '**Temporal anchoring** → alopecia (2.1 %)',
  },
  'barbed-vs-coned': {
    section: '§5 Causes',
    source: 'absorbable SR',
    grade: 'SR/MA',
    quote: '**Barbed/floating threads** > coned/fixed threads in complication frequency',
  },
  'deep-zygomatic-buccal': {
    section: '§5 Causes',
    source: 'Stuzin JM, Thieme ch.5',
    grade: 'Anat',
    quote: '**Deep passes in zygomatic/buccal zone** → motor branch injury',
  },
  'seckel-dz1-gan': {
    section: '§4 Seckel DZ1',
    source: 'Seckel BR, Facial Danger Zones (1994/2010)',
    grade: 'Anat',
    quote: '**6.5 cm below the caudal edge of the external auditory canal**',
  },
  'seckel-dz2-temporal': {
    section: '§4 Seckel DZ2',
    source: 'Seckel BR, Facial Danger Zones (1994/2010)',
    grade: 'Anat',
    quote: '**0.5 cm below the tragus to 2 cm above the lateral eyebrow**',
  },
  'pitanguy-line': {
    section: '§4 Temporal branch',
    source: 'Pitanguy & Ramos 1966; Aesthet Surg J 2020;40(5):NP223',
    grade: 'Anat',
    quote: '**Pitanguy line: 0.5 cm below the tragus → 1.5 cm above the lateral end of the eyebrow**',
  },
  'seckel-dz3-mmn': {
    section: '§4 Seckel DZ3',
    source: 'Seckel BR, Facial Danger Zones (1994/2010)',
    grade: 'Anat',
    quote: '**r = 2 cm centred on mid-mandible 2 cm posterior to the oral commissure**',
  },
  'mmn-below-border': {
    section: '§4 Marginal mandibular nerve',
    source: 'Dingman & Grabb 1962; Ziarah & Atkinson',
    grade: 'Anat',
    quote: '**1 cm below the inferior mandibular border in 19 %**',
  },
  'seckel-dz4-zyg-buccal': {
    section: '§4 Seckel DZ4',
    source: 'Seckel BR (VERIFY wording); Stuzin JM, Thieme ch.5',
    grade: 'Anat',
    quote: 'triangle between malar eminence, oral commissure and posterior mandibular angle',
  },
  'facial-artery-course': {
    section: '§4 Facial artery',
    source: "Gray's; Kitagawa N 2023; Rohrich/Mohan; Tansatit T 2021",
    grade: 'Anat',
    quote: 'runs to the commissure, along the side of the nose (NLF) to the medial canthus as angular artery',
  },
  'facial-artery-commissure': {
    section: '§4 Facial artery',
    source: 'Rohrich/Mohan, Thieme ch.12',
    grade: 'Cons',
    quote: '~15 mm lateral to commissure',
  },
  'facial-artery-nlf-deviation': {
    section: '§4 Facial artery',
    source: 'Tansatit T et al. Aesthet Surg J 2021;41(6):NP550',
    grade: 'Anat',
    quote: 'nasolabial segment may deviate 0.5–1 cm lateral to basal alar point',
  },
  'sta-course': {
    section: '§4 Superficial temporal artery',
    source: "Yi & Oh 2024; Pinar & Govsa 2006; Gray's",
    grade: 'Anat',
    quote: 'frontal branch mean 44 mm anterior (32–59 mm) relative to the tragal vertical',
  },
  'sta-bifurcation': {
    section: '§4 Superficial temporal artery',
    source: 'ASJ CTA study (VERIFY); Pinar YA, Govsa F 2006',
    grade: 'Anat',
    quote: 'mean 16.8 ± 16 mm above arch centre',
  },
  'parotid-duct-third': {
    section: '§4 Parotid duct',
    source: 'Uzmansel D et al. Anat Sci Int 2022;97:59',
    grade: 'Anat',
    quote: '**Middle third of the line tragus (intertragic notch) → oral commissure** in 100 % of 46 ducts',
  },
  'parotid-duct-band': {
    section: '§4 Parotid duct',
    source: 'Stringer MD et al. Plast Reconstr Surg 2012;130(5):1032',
    grade: 'Clin',
    quote: '93 % within 1.5 cm of the middle half of the lower-tragus→cheilion line',
  },
  'infraorbital-foramen': {
    section: '§4 DZ6 infraorbital',
    source: 'Anat Cell Biol 2011;44:79; Anat Res Int 2016; JOMS 2000',
    grade: 'Anat',
    quote: 'Infraorbital foramen **6–8.5 mm below the infraorbital margin**',
  },
  'mental-foramen': {
    section: '§4 DZ7 mental',
    source: 'Phillips 1990; Oliveira RS et al. Int J Dent 2018',
    grade: 'Anat',
    quote: '12.3 mm above base, 11.2 mm below crest (CBCT n=104); ~25 mm from midline',
  },
  'supraorbital-foramen': {
    section: '§4 DZ5 supraorbital',
    source: 'Anat Cell Biol 2018;51(1):19; JOMS 2000',
    grade: 'Anat',
    quote: 'Supraorbital notch/foramen 22–26 mm from midline',
  },
  'tragus-not-frontal': {
    section: '§4 Useful proportions',
    source: 'clinical-facts (inference)',
    grade: 'Gap',
    quote: 'Tragus, mastoid and SCM are not visible on frontal images',
  },
  'zygomatic-ligament': {
    section: '§2 Retaining ligaments',
    source: 'Tatlisumak E, Yoleri L. Int J Morphol',
    grade: 'Anat',
    quote: 'Zygomatic ligament 66.5 ± 10.8 mm from tragus, 56.3 ± 8.9 mm from commissure',
  },
  'durability-pdo': {
    section: '§6 Durability',
    source: 'Bertossi 2019',
    grade: 'Clin',
    quote: 'PDO barbed: improvement gone by 12 months',
  },
  'technique-defaults-caveat': {
    section: 'General caveat',
    source: 'clinical-facts general caveat',
    grade: 'Gap',
    quote: 'Treat technique numbers as *defaults to be edited by the clinician*, not rules',
  },
} as const satisfies Record<string, Citation>;

export type CitationKey = keyof typeof CITATIONS;

export const citation = (key: CitationKey): Citation => CITATIONS[key];
