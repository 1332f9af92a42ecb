#!/usr/bin/python3
"""Reference coefficients for MultinomialLogisticAgainstSklearnTest, from scikit-learn (Debian python3-sklearn 1.2.1).

Run from this folder: /usr/bin/python3 logistic_digits.py > logistic_digits.txt
The shared digits set (../shared/datasets/digits.csv.gz): the first 1000 rows, pixels divided by 16 and read as
float32 as Lucent's test reads them, standardized with their own mean and population standard deviation (constant
pixels scale 1, as StandardScaler), then the multinomial L2 LogisticRegression(C=1) that the baseline fits for
more than two classes. One line per class: its 64 coefficients then its intercept.
"""
import os
import numpy as np
from sklearn.linear_model import LogisticRegression

root = os.environ.get("LUCENT_DATASETS", "/work/shared/datasets")
data = np.loadtxt(os.path.join(root, "digits.csv.gz"), delimiter=",")
x = (data[:1000, :64] / 16).astype(np.float32).astype(np.float64)
y = data[:1000, 64].astype(int)
sd = x.std(axis=0)
sd[sd <= 1e-12] = 1
z = (x - x.mean(axis=0)) / sd
model = LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(z, y)
for k in range(10):
    print(" ".join(repr(float(c)) for c in model.coef_[k]) + " " + repr(float(model.intercept_[k])))
