#!/usr/bin/env python3
"""Builds the meaning-guard lexicon of LlmLint's semantic cache from the WordNet 3.0 database.

Reads data.{verb,adj,adv,noun} and {verb,adj,adv,noun}.exc from the WordNet dictionary folder (Debian's wordnet-base
installs it under /usr/share/wordnet) and writes src/LlmLint/SemanticCache/Lexicon/meaning-lexicon.txt:

  a <word> <antonym> [<antonym> ...]   one line per word: the words WordNet marks as its antonyms (pointer '!'),
                                       expanded through synsets: every single-word lemma of the source synset is paired
                                       with every single-word lemma of the target synset. A pair is kept only when the
                                       synset is among the most frequent senses of both words (index.* order, the first
                                       SENSES), so rare senses (safe/out in baseball) do not veto ordinary requests
  s <word> <synonym> [<synonym> ...]   one line per word: the single-word verbs, adjectives and adverbs that share its
                                       most frequent sense (the synset is the most frequent sense of both words);
                                       the frame-substitution guard does not veto a swap of synonyms
  j <adjective> [<adjective> ...]      the adjectives among the words with antonyms (gradable: cheaper -> cheap applies
                                       to these only, so offer is not read as a comparative of off)
  x <inflected> <lemma>                an irregular form (bought -> buy) from the exception lists, kept when its lemma
                                       is in the lexicon

Only single-word, lower-case, alphabetic lemmas are kept. Output is sorted and deterministic.
Usage: build-lexicon.py [--wordnet DIR] [--out FILE]
"""
import argparse
import os
import re
import sys
from collections import defaultdict

POS_FILES = {"verb": "v", "adj": "a", "adv": "r", "noun": "n"}
SENSES = 2
WORD = re.compile(r"^[a-z]+$")


def clean(lemma):
    lemma = re.sub(r"\([a-z]+\)$", "", lemma.lower())  # adjective markers: (a), (p), (ip)
    return lemma if WORD.match(lemma) else None


def read_data(path):
    """Yields (offset, ss_type, lemmas, pointers) per synset; pointers are (symbol, offset, pos, src, tgt)."""
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue  # licence header
            fields = line.split(" | ")[0].split()
            offset, ss_type = fields[0], fields[2]
            w_cnt = int(fields[3], 16)
            lemmas = [fields[4 + 2 * i] for i in range(w_cnt)]
            p = 4 + 2 * w_cnt
            p_cnt = int(fields[p])
            pointers = []
            for i in range(p_cnt):
                sym, off, pos, st = fields[p + 1 + 4 * i: p + 5 + 4 * i]
                pointers.append((sym, off, "a" if pos == "s" else pos, int(st[:2], 16), int(st[2:], 16)))
            yield offset, ("a" if ss_type == "s" else ss_type), lemmas, pointers


def build(wordnet):
    synsets = {}  # (pos, offset) -> lemmas
    pointers = {}
    for name, pos in POS_FILES.items():
        for offset, ss_type, lemmas, ptrs in read_data(os.path.join(wordnet, "data." + name)):
            synsets[(ss_type, offset)] = lemmas
            pointers[(ss_type, offset)] = ptrs

    rank = {}  # (word, pos, offset) -> sense number (1 = most frequent)
    for name, pos in POS_FILES.items():
        with open(os.path.join(wordnet, "index." + name), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fields = line.split()
                word = clean(fields[0])
                if not word:
                    continue
                synset_cnt, p_cnt = int(fields[2]), int(fields[3])
                for i, off in enumerate(fields[4 + p_cnt + 2: 4 + p_cnt + 2 + synset_cnt]):
                    rank[(word, pos, off)] = i + 1

    def frequent(word, key):
        return rank.get((word, key[0], key[1]), 99) <= SENSES

    def lemmas_of(key):
        return {w for w in (clean(x) for x in synsets[key]) if w and frequent(w, key)}

    antonyms = defaultdict(set)
    for key, ptrs in pointers.items():
        for sym, off, pos, src, tgt in ptrs:
            if sym != "!":
                continue
            target = (pos, off)
            source_word = clean(synsets[key][src - 1]) if src else None
            target_word = clean(synsets[target][tgt - 1]) if tgt else None
            if not source_word or not target_word:
                continue
            left = lemmas_of(key)
            right = lemmas_of(target)
            for a in left:
                for b in right:
                    if a != b and b not in left and a not in right:
                        antonyms[a].add(b)
                        antonyms[b].add(a)

    synonyms = defaultdict(set)
    for key in synsets:
        if key[0] not in ("v", "a", "r"):
            continue
        words = {w for w in (clean(x) for x in synsets[key]) if w and rank.get((w, key[0], key[1]), 99) == 1}
        for a in words:
            for b in words:
                if a != b:
                    synonyms[a].add(b)

    lemmas_by_pos = defaultdict(set)
    for (word, pos, _off) in rank:
        lemmas_by_pos[pos].add(word)
    exceptions = {}
    for name, pos in POS_FILES.items():
        path = os.path.join(wordnet, name + ".exc")
        with open(path, encoding="latin-1") as f:
            for line in f:
                parts = line.split()
                if len(parts) < 2 or not WORD.match(parts[0]) or not WORD.match(parts[1]) or not (parts[1] in antonyms or parts[1] in synonyms):
                    continue
                # A degree form that is a noun or verb in its own right but no adjective or adverb (offer, not "more off").
                if pos in ("a", "r") and parts[0] not in lemmas_by_pos["a"] | lemmas_by_pos["r"] and parts[0] in lemmas_by_pos["n"] | lemmas_by_pos["v"]:
                    continue
                exceptions.setdefault(parts[0], parts[1])
    adjectives = sorted({w for (w, pos, _off) in rank if pos == "a" and w in antonyms})
    return antonyms, synonyms, exceptions, adjectives


def render(antonyms, synonyms, exceptions, adjectives):
    lines = ["# Generated by eng/wordnet/build-lexicon.py from WordNet 3.0; do not edit. See WORDNET-LICENSE.txt."]
    for word in sorted(antonyms):
        lines.append("a " + word + " " + " ".join(sorted(antonyms[word])))
    for word in sorted(synonyms):
        lines.append("s " + word + " " + " ".join(sorted(synonyms[word])))
    for start in range(0, len(adjectives), 20):
        lines.append("j " + " ".join(adjectives[start:start + 20]))
    for form in sorted(exceptions):
        lines.append("x " + form + " " + exceptions[form])
    return "\n".join(lines) + "\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", default="/usr/share/wordnet")
    parser.add_argument("--out", default=os.path.join(here, "..", "..", "src", "LlmLint", "SemanticCache", "Lexicon", "meaning-lexicon.txt"))
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.wordnet, "data.verb")):
        sys.exit(f"error: no WordNet database at {args.wordnet} (apt-get install wordnet-base)")
    text = render(*build(args.wordnet))
    if args.out == "-":
        sys.stdout.write(text)
    else:
        os.makedirs(os.path.dirname(args.out), exist_ok=True)
        with open(args.out, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


if __name__ == "__main__":
    main()
