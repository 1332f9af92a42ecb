#!/usr/bin/python3
"""A breast-cancer copy with a planted bias, and its unbiased twin, for checking fairness audits (docs/fairness.md).

    /usr/bin/python3 scripts/planted-bias.py ../shared/datasets/breast_cancer.csv OUT_DIR [--seed 16] [--flip 0.6]

Reads the shared breast-cancer file (sklearn's layout: a first line "569,30,malignant,benign", then 30 features and
the label, 0 = malignant, 1 = benign) and writes three CSVs with a header row f0..f29,sex,diagnosis:

- a column `sex` coded 1/2 is added: within each class the rows are shuffled (seeded) and given 1 and 2 in turn, so
  both groups hold the same share of malignant cases and the column says nothing about the diagnosis;
- `bc-test.csv`: a seeded, class-stratified 30% of the rows, labels as in the file (what the audit judges on);
- `bc-fair-train.csv`: the other 70%, labels as in the file (the unbiased twin);
- `bc-biased-train.csv`: the same 70%, except that a seeded share (--flip, default 0.6) of the malignant rows with
  sex = 2 are labelled benign. A model trained on it learns to miss malignant cases in group 2: recall for that
  group falls, and an audit on the clean test rows must say so.

Python's standard library only (random.Random(seed)), so the files are the same on every machine.
"""
import argparse
import os
import random


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--flip", type=float, default=0.6)
    a = ap.parse_args()
    if not 0 <= a.flip <= 1:
        ap.error("--flip must lie in [0, 1]")
    with open(a.source) as f:
        lines = [l.strip() for l in f if l.strip()]
    rows = [l.split(",") for l in lines[1:]]
    if any(len(r) != 31 for r in rows):
        ap.error(a.source + ": expected 30 features and a label on every row")
    rng = random.Random(a.seed)
    by_class = {"0": [], "1": []}
    for i, r in enumerate(rows):
        by_class[str(int(float(r[30])))].append(i)
    sex = {}
    test = set()
    for label, idx in sorted(by_class.items()):
        rng.shuffle(idx)
        for k, i in enumerate(idx):
            sex[i] = 1 + k % 2
        # 30% of each class and sex to the test file: stratified by class and sex alike
        for s in (1, 2):
            members = [i for i in idx if sex[i] == s]
            test.update(members[: round(0.3 * len(members))])
    train = [i for i in range(len(rows)) if i not in test]
    flipped = set()
    for i in train:
        if rows[i][30].startswith("0") and sex[i] == 2 and rng.random() < a.flip:
            flipped.add(i)
    os.makedirs(a.out, exist_ok=True)
    header = ",".join("f%d" % j for j in range(30)) + ",sex,diagnosis"

    def write(name, idx, biased):
        with open(os.path.join(a.out, name), "w") as f:
            f.write(header + "\n")
            for i in idx:
                label = "1" if biased and i in flipped else str(int(float(rows[i][30])))
                f.write(",".join(rows[i][:30]) + ",%d,%s\n" % (sex[i], label))

    write("bc-test.csv", sorted(test), False)
    write("bc-fair-train.csv", train, False)
    write("bc-biased-train.csv", train, True)
    print("wrote %d test rows and %d training rows; %d malignant rows of sex 2 labelled benign in bc-biased-train.csv"
          % (len(test), len(train), len(flipped)))


if __name__ == "__main__":
    main()
