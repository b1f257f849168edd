"""Our fuzzy score next to OmegaT's on a sample of sentence pairs (docs/tm.md quotes the table).

    python benchmarks/tm_omegat_compare.py [--jar /usr/share/omegat/OmegaT.jar]

OmegaT's own classes compute its three scores (``FuzzyMatcher.calcSimilarity`` with its
``LevenshteinDistance`` over the tokens of ``LuceneEnglishTokenizer``): stemmed words, lowercased words, and
all tokens (numbers, tags and punctuation included, lowercased), as its ``FindMatches`` does. Needs ``javac``
and OmegaT (Debian package ``omegat``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from aligntool.formats.tmdb.score import fuzzy_score
from aligntool.formats.tmdb.tokens import match_key, tokenize

BASE = "The CSTO Secretary General met the Foreign Minister of Belarus in Minsk on 12 May 2022."
PAIRS = [
    ("one word", BASE, BASE.replace("Minsk", "Moscow")),
    ("two words", BASE, BASE.replace("Minsk", "Moscow").replace("Foreign", "Defence")),
    ("word dropped", BASE, BASE.replace(" General", "")),
    ("word added", BASE, BASE.replace("met", "briefly met")),
    ("one number", BASE, BASE.replace("12 May", "14 May")),
    ("two numbers", BASE, BASE.replace("12 May 2022", "14 May 2023")),
    ("punctuation", BASE, BASE.replace(" in Minsk", ", in Minsk,")),
    ("case only", BASE, BASE.replace("Secretary General", "secretary general")),
    ("inflection", "The ministers discussed the security situation.",
     "The minister discusses the security situation."),
    ("word order", "Russia and Kazakhstan signed the agreement.", "Kazakhstan and Russia signed the agreement."),
    ("short, one word", "The meeting is over.", "The session is over."),
    ("tags (OmegaT shows <b0>)", "The <b0>CSTO</b0> summit opened.", "The CSTO summit opened."),
]

JAVA = r"""
import java.nio.file.*;
import java.util.*;
import org.omegat.core.matching.*;
import org.omegat.tokenizer.*;
import org.omegat.util.Token;

public class Compare {
    public static void main(String[] args) throws Exception {
        ITokenizer tok = new LuceneEnglishTokenizer();
        LevenshteinDistance distance = new LevenshteinDistance();
        for (String line : Files.readAllLines(Paths.get(args[0]))) {
            String[] parts = line.split("\t");
            String a = parts[0], b = parts[1];
            int stem = FuzzyMatcher.calcSimilarity(distance, tok.tokenizeWords(a, ITokenizer.StemmingMode.MATCHING),
                tok.tokenizeWords(b, ITokenizer.StemmingMode.MATCHING));
            int noStem = FuzzyMatcher.calcSimilarity(distance,
                tok.tokenizeWords(a.toLowerCase(), ITokenizer.StemmingMode.NONE),
                tok.tokenizeWords(b.toLowerCase(), ITokenizer.StemmingMode.NONE));
            int all = FuzzyMatcher.calcSimilarity(distance, tok.tokenizeVerbatim(a.toLowerCase()),
                tok.tokenizeVerbatim(b.toLowerCase()));
            System.out.println(stem + "\t" + noStem + "\t" + all);
        }
    }
}
"""


def omegat_scores(jar: Path, pairs: list[tuple[str, str, str]]) -> list[tuple[int, int, int]]:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        (folder / "Compare.java").write_text(JAVA, encoding="utf-8")
        (folder / "pairs.tsv").write_text("".join(f"{a}\t{b}\n" for _, a, b in pairs), encoding="utf-8")
        subprocess.run(["javac", "-cp", str(jar), "-d", str(folder), str(folder / "Compare.java")], check=True)
        output = subprocess.run(["java", "-cp", f"{jar}:{folder}", "Compare", str(folder / "pairs.tsv")],
                                check=True, capture_output=True, text=True).stdout
    return [(int(a), int(b), int(c)) for a, b, c in (line.split("\t") for line in output.splitlines())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jar", type=Path, default=Path("/usr/share/omegat/OmegaT.jar"))
    args = parser.parse_args()
    if not args.jar.exists() or shutil.which("javac") is None:
        raise SystemExit(f"needs javac and {args.jar} (apt-get install omegat default-jdk-headless)")
    theirs = omegat_scores(args.jar, PAIRS)
    print("| pair | ours | OmegaT stemmed | OmegaT words | OmegaT all tokens |")
    print("|---|---:|---:|---:|---:|")
    for (label, query, stored), (stem, no_stem, everything) in zip(PAIRS, theirs, strict=True):
        # our side: OmegaT's tag text becomes inline codes beside the code-free text
        q_tags, c_tags = _TAG.findall(query), _TAG.findall(stored)
        q_text, c_text = _TAG.sub("", query), _TAG.sub("", stored)
        ours = fuzzy_score(tokenize(q_text), tokenize(c_text), match_key(q_text) == match_key(c_text),
                           q_tags, c_tags).percent
        print(f"| {label} | {ours} | {stem} | {no_stem} | {everything} |")


_TAG = re.compile(r"</?[a-z]+\d+/?>")


if __name__ == "__main__":
    main()
