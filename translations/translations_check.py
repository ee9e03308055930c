#!/usr/bin/python3
"""Keeps the translation files complete.

  translations_check.py fill-english mantle_en.ts
      English is the source language, so its file only needs the plural forms: "%n line(s)"
      becomes "%n line" / "%n lines". Fills every numerus entry that is still empty.
  translations_check.py check FRESH.ts TS_FILE...
      FRESH.ts is what lupdate makes from the sources now. Fails when a TS_FILE lacks a source
      string or keeps one the sources no longer have, when the English file has an unfinished
      plural entry, or when any other language has an unfinished or empty entry, or a
      translation that drops or adds a placeholder (%1, %n, %L1), a keyboard accelerator
      (&File), an HTML tag, or the source's leading or trailing line break.
  translations_check.py export TS_FILE OUT.json
      Writes the unique source strings of TS_FILE (with their contexts, comments, number of
      plural forms and current translation) as JSON for a translator.
  translations_check.py import TS_FILE IN.json...
      Puts the translations of IN.json into TS_FILE: either export's list with "translation"
      filled (matched by source text), or {"id": "text" | ["form", ...]} with the ids of an
      export of the same TS_FILE. Marks them finished; refuses entries that fail the checks
      above.
"""
import re
import sys
import xml.etree.ElementTree as ET


def messages(path):
    root = ET.parse(path).getroot()
    out = {}
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            out[(name, message.findtext("source"))] = message
    return root, out


def english_forms(source):
    singular = re.sub(r"\((s|es)\)", "", source)
    plural = re.sub(r"\((s|es)\)", r"\1", source)
    return [singular, plural]


def fill_english(path):
    tree = ET.parse(path)
    changed = 0
    for message in tree.getroot().iter("message"):
        if message.get("numerus") != "yes":
            continue
        translation = message.find("translation")
        forms = translation.findall("numerusform")
        if all((f.text or "").strip() for f in forms) and translation.get("type") != "unfinished":
            continue
        for form, text in zip(forms, english_forms(message.findtext("source"))):
            form.text = text
        translation.attrib.pop("type", None)
        changed += 1
    if changed:
        ET.indent(tree, space="    ")
        with open(path, "wb") as f:
            f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
            tree.write(f, encoding="utf-8", xml_declaration=False)
            f.write(b"\n")
    print("%s: filled %d plural entries" % (path, changed))


PLACEHOLDER = re.compile(r"%(?:L?\d+|n|Ln)")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


def accelerators(text):
    return len(re.findall(r"&(?!&)(?=\S)", text.replace("&&", "")))


def consistency_problems(source, text, numerus):
    """What a translation text breaks in its source: placeholders, accelerators, tags, edges."""
    problems = []
    want = sorted(set(PLACEHOLDER.findall(source)))
    have = sorted(set(PLACEHOLDER.findall(text)))
    if numerus:
        # A plural form may leave %n out ("one file" for n = 1), but never adds another.
        want = [p for p in want if p not in ("%n", "%Ln")]
        have = [p for p in have if p not in ("%n", "%Ln")]
    if want != have:
        problems.append("placeholders %s, source has %s" % (have, want))
    if accelerators(source) != accelerators(text):
        problems.append("%d accelerators (&), source has %d" % (accelerators(text), accelerators(source)))
    if "<" in source and sorted(TAG.findall(source)) != sorted(TAG.findall(text)):
        problems.append("HTML tags differ from the source's")
    for edge, name in ((lambda t: t[:1] == "\n", "leading"), (lambda t: t[-1:] == "\n", "trailing")):
        if edge(source) != edge(text):
            problems.append("%s line break differs from the source's" % name)
    return problems


def check(fresh, files):
    _, wanted = messages(fresh)
    problems = []
    for path in files:
        root, have = messages(path)
        english = (root.get("language") or "").startswith("en")
        for key in wanted.keys() - have.keys():
            problems.append("%s: missing %s / %r" % (path, key[0], key[1]))
        for key in have.keys() - wanted.keys():
            problems.append("%s: obsolete %s / %r" % (path, key[0], key[1]))
        for key, message in have.items():
            translation = message.find("translation")
            numerus = message.get("numerus") == "yes"
            if english and not numerus:
                continue
            texts = [f.text for f in translation.findall("numerusform")] if numerus else [translation.text]
            if translation.get("type") in ("unfinished", "obsolete", "vanished") or not all(
                    (t or "").strip() for t in texts):
                problems.append("%s: unfinished %s / %r" % (path, key[0], key[1]))
                continue
            for text in texts:
                for problem in consistency_problems(key[1], text, numerus):
                    problems.append("%s: %s / %r: %s" % (path, key[0], key[1], problem))
    for p in problems[:30]:
        print(p)
    if problems:
        print("%d problems; run the update_translations target, then fill and commit the .ts files"
              % len(problems))
        return 1
    print("translations: %d source strings, %d files complete" % (len(wanted), len(files)))
    return 0


def export(path, out):
    _, have = messages(path)
    entries = {}
    for (context, source), message in have.items():
        comment = message.findtext("comment") or ""
        key = source + "\x00" + comment
        if key not in entries:
            translation = message.find("translation")
            numerus = message.get("numerus") == "yes"
            forms = translation.findall("numerusform") if numerus else []
            entries[key] = {
                "id": "m%04d" % (len(entries) + 1),
                "source": source,
                "comment": comment,
                "contexts": [],
                "plural_forms": len(forms) if numerus else 0,
                "translation": ([f.text or "" for f in forms] if numerus else translation.text or "")
                if translation.get("type") != "unfinished" else None,
            }
        entries[key]["contexts"].append(context)
    import json
    with open(out, "w", encoding="utf-8") as f:
        json.dump(list(entries.values()), f, ensure_ascii=False, indent=1)
    print("%s: %d unique strings of %d messages" % (out, len(entries), len(have)))


def import_translations(path, inputs):
    import json
    tree = ET.parse(path)
    given, by_source = {}, {}
    for name in inputs:
        with open(name, encoding="utf-8") as f:
            data = json.load(f)
        if isinstance(data, list):  # export's own format, translations filled: keyed by source
            for entry in data:
                if entry.get("translation") is not None:
                    by_source[entry["source"] + "\x00" + entry.get("comment", "")] = entry["translation"]
        else:
            given.update(data)
    ids = {}
    for message in tree.getroot().iter("message"):
        key = (message.findtext("source") or "") + "\x00" + (message.findtext("comment") or "")
        ids.setdefault(key, "m%04d" % (len(ids) + 1))
        if key in by_source:
            given[ids[key]] = by_source[key]
    problems, changed = [], 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        key = source + "\x00" + (message.findtext("comment") or "")
        text = given.get(ids[key])
        if text is None:
            continue
        numerus = message.get("numerus") == "yes"
        translation = message.find("translation")
        forms = translation.findall("numerusform")
        texts = text if isinstance(text, list) else [text]
        if numerus != isinstance(text, list) or (numerus and len(texts) != len(forms)):
            problems.append("%s %r: needs %s" % (ids[key], source, "%d plural forms" % len(forms)
                                                 if numerus else "one string"))
            continue
        bad = [p for t in texts for p in consistency_problems(source, t, numerus)]
        if bad or not all(t.strip() for t in texts):
            problems.append("%s %r: %s" % (ids[key], source, "; ".join(bad) or "empty"))
            continue
        if numerus:
            for form, t in zip(forms, texts):
                form.text = t
        else:
            translation.text = text
        translation.attrib.pop("type", None)
        changed += 1
    for p in problems:
        print(p)
    ET.indent(tree, space="    ")
    with open(path, "wb") as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding="utf-8", xml_declaration=False)
        f.write(b"\n")
    print("%s: %d messages translated, %d refused" % (path, changed, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "fill-english":
        fill_english(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "export":
        export(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "import":
        sys.exit(import_translations(sys.argv[2], sys.argv[3:]))
    elif len(sys.argv) >= 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3:]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
