-- Names of reference data in the languages other than English (the English names stay in
-- their own tables): M49 regions, UN regional groups, organisations, meetings, and official
-- State names.  Filled with the reference data by tools/gen_refdata/; a name that is
-- missing here is shown in English.
CREATE TABLE ref_name (
  kind  TEXT NOT NULL CHECK (kind IN ('region', 'group', 'org', 'meeting', 'official')),
  code  TEXT NOT NULL,           -- region's M49 code, group, organisation or meeting code, State iso3
  lang  TEXT NOT NULL CHECK (lang IN ('ar', 'zh', 'fr', 'ru', 'es')),
  name  TEXT NOT NULL,
  PRIMARY KEY (kind, code, lang)
) WITHOUT ROWID;
