#!/usr/bin/python3
"""Reference coefficients for BinaryLogisticAgainstSklearnTest, from scikit-learn (Debian python3-sklearn 1.2.1).

Run from this folder: /usr/bin/python3 logistic_breast_cancer.py > logistic_breast_cancer.txt
The shared breast cancer set (../shared/datasets/breast_cancer.csv): the first 400 rows, read as float32 as Lucent
reads them, standardized with their own mean and population standard deviation (as StandardScaler), then the
binary L2 LogisticRegression(C=1), the form Lucent's baseline note names. One line per feature: the coefficient of
class 1 (benign) per standard deviation; the last line is the intercept.
"""
import os
import numpy as np
from sklearn.linear_model import LogisticRegression

root = os.environ.get("LUCENT_DATASETS", "/work/shared/datasets")
data = np.loadtxt(os.path.join(root, "breast_cancer.csv"), delimiter=",", skiprows=1)
x = data[:400, :30].astype(np.float32).astype(np.float64)
y = data[:400, 30].astype(int)
z = (x - x.mean(axis=0)) / x.std(axis=0)
model = LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(z, y)
for c in model.coef_[0]:
    print(repr(float(c)))
print(repr(float(model.intercept_[0])))
