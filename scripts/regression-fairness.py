#!/usr/bin/python3
"""A regression model of the shared diabetes data and the per-group error numbers an audit by sex must report.

    /usr/bin/python3 scripts/regression-fairness.py ../shared/datasets OUT_DIR [--seed 16]

Reads sklearn's raw diabetes files (diabetes_data_raw.csv.gz: age, sex coded 1/2, bmi, bp, s1..s6 separated by
spaces; diabetes_target.csv.gz: disease progression a year later) and writes to OUT_DIR:

- `diabetes-train.csv` and `diabetes-test.csv`: a header row age,sex,bmi,bp,s1,...,s6,progression and a seeded
  split (numpy RandomState(seed)) of 300 training and 142 test rows, in the files' own units;
- `linear.onnx`: ordinary least squares fitted on the training rows (numpy.linalg.lstsq, with an intercept) as an
  ONNX graph, progression = x W + b (MatMul, Add; input x float[N,10], output y float[N,1]);
- `expected.json`: on the test rows, per group of sex, the rows, mean absolute error, root mean squared error and
  mean signed error (prediction minus target), the largest minus the smallest group MAE, and the overall MAE,
  computed by numpy from the predictions of the fitted coefficients (in float32 as the graph computes).

The independent side of the check that Lucent's group-error-gaps reports the same numbers (RegressionFairnessCliIT).
"""
import argparse
import gzip
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

COLUMNS = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("datasets")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=16)
    a = ap.parse_args()
    with gzip.open(os.path.join(a.datasets, "diabetes_data_raw.csv.gz"), "rt") as f:
        x = np.array([[float(v) for v in line.split()] for line in f if line.strip()])
    with gzip.open(os.path.join(a.datasets, "diabetes_target.csv.gz"), "rt") as f:
        y = np.array([float(line) for line in f if line.strip()])
    order = np.random.RandomState(a.seed).permutation(len(y))
    train, test = order[:300], order[300:]
    os.makedirs(a.out, exist_ok=True)
    for name, rows in (("diabetes-train.csv", train), ("diabetes-test.csv", test)):
        with open(os.path.join(a.out, name), "w") as f:
            f.write(",".join(COLUMNS + ["progression"]) + "\n")
            for i in rows:
                f.write(",".join(repr(v) if v != int(v) else str(int(v)) for v in x[i]) + "," + str(int(y[i])) + "\n")

    design = np.hstack([x[train], np.ones((len(train), 1))])
    coef = np.linalg.lstsq(design, y[train], rcond=None)[0]
    w = coef[:-1].astype(np.float32).reshape(10, 1)
    b = np.array([coef[-1]], dtype=np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["xw"]), helper.make_node("Add", ["xw", "b"], ["y"])], "diabetes-ols",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 10])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 1])],
        [numpy_helper.from_array(w, "W"), numpy_helper.from_array(b, "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="regression-fairness.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(a.out, "linear.onnx"))

    predicted = (x[test].astype(np.float32) @ w + b).reshape(-1).astype(np.float64)
    target = y[test]
    groups = {}
    for code in (1, 2):
        m = x[test][:, 1] == code
        err = predicted[m] - target[m]
        groups["sex = %d" % code] = {"rows": int(m.sum()), "mae": float(np.mean(np.abs(err))),
                                     "rmse": float(np.sqrt(np.mean(err ** 2))), "bias": float(np.mean(err))}
    maes = [g["mae"] for g in groups.values()]
    expected = {"groups": groups, "gap": max(maes) - min(maes), "overall_mae": float(np.mean(np.abs(predicted - target)))}
    with open(os.path.join(a.out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print("%d training rows, %d test rows; test MAE %.4f" % (len(train), len(test), expected["overall_mae"]))


if __name__ == "__main__":
    main()
