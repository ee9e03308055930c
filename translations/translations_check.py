#!/usr/bin/python3
"""Keeps the translation files complete.

  translations_check.py fill-english mantle_en.ts
      English is the source language, so its file only needs the plural forms: "%n line(s)"
      becomes "%n line" / "%n lines". Fills every numerus entry that is still empty.
  translations_check.py check FRESH.ts TS_FILE...
      FRESH.ts is what lupdate makes from the sources now. Fails when a TS_FILE lacks a source
      string or keeps one the sources no longer have, when the English file has an unfinished
      plural entry, or when any other language has an unfinished or empty entry.
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
    for p in problems[:30]:
        print(p)
    if problems:
        print("%d problems; run the update_translations target, then fill and commit the .ts files"
              % len(problems))
        return 1
    print("translations: %d source strings, %d files complete" % (len(wanted), len(files)))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "fill-english":
        fill_english(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3:]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
