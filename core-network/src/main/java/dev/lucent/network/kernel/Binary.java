package dev.lucent.network.kernel;

/**
 * Element-wise binary primitives over equal-length arrays (broadcasting is resolved by the caller).
 * Each constant holds its forward kernel and its local derivatives; {@code da}/{@code db} may be null
 * when that operand needs no gradient, and are accumulated into.
 */
public enum Binary {
    ADD {
        public void forward(float[] a, float[] b, float[] y, int n) {
            for (int i = 0; i < n; i++) y[i] = a[i] + b[i];
        }

        public void backward(float[] a, float[] b, float[] y, float[] g, float[] da, float[] db, int n) {
            if (da != null) for (int i = 0; i < n; i++) da[i] += g[i];
            if (db != null) for (int i = 0; i < n; i++) db[i] += g[i];
        }
    },
    SUB {
        public void forward(float[] a, float[] b, float[] y, int n) {
            for (int i = 0; i < n; i++) y[i] = a[i] - b[i];
        }

        public void backward(float[] a, float[] b, float[] y, float[] g, float[] da, float[] db, int n) {
            if (da != null) for (int i = 0; i < n; i++) da[i] += g[i];
            if (db != null) for (int i = 0; i < n; i++) db[i] -= g[i];
        }
    },
    MUL {
        public void forward(float[] a, float[] b, float[] y, int n) {
            for (int i = 0; i < n; i++) y[i] = a[i] * b[i];
        }

        public void backward(float[] a, float[] b, float[] y, float[] g, float[] da, float[] db, int n) {
            if (da != null) for (int i = 0; i < n; i++) da[i] += g[i] * b[i];
            if (db != null) for (int i = 0; i < n; i++) db[i] += g[i] * a[i];
        }
    },
    DIV {
        public void forward(float[] a, float[] b, float[] y, int n) {
            for (int i = 0; i < n; i++) y[i] = a[i] / b[i];
        }

        public void backward(float[] a, float[] b, float[] y, float[] g, float[] da, float[] db, int n) {
            if (da != null) for (int i = 0; i < n; i++) da[i] += g[i] / b[i];
            if (db != null) for (int i = 0; i < n; i++) db[i] -= g[i] * y[i] / b[i];
        }
    },
    /** a^b; d/db uses ln a and is 0 where a <= 0. */
    POW {
        public void forward(float[] a, float[] b, float[] y, int n) {
            for (int i = 0; i < n; i++) y[i] = (float) Math.pow(a[i], b[i]);
        }

        public void backward(float[] a, float[] b, float[] y, float[] g, float[] da, float[] db, int n) {
            if (da != null) for (int i = 0; i < n; i++) da[i] += (float) (g[i] * b[i] * Math.pow(a[i], b[i] - 1));
            if (db != null) for (int i = 0; i < n; i++) db[i] += a[i] > 0 ? (float) (g[i] * y[i] * Math.log(a[i])) : 0f;
        }
    },
    /** Ties send the gradient to a. */
    MAX {
        public void forward(float[] a, float[] b, float[] y, int n) {
            for (int i = 0; i < n; i++) y[i] = Math.max(a[i], b[i]);
        }

        public void backward(float[] a, float[] b, float[] y, float[] g, float[] da, float[] db, int n) {
            if (da != null) for (int i = 0; i < n; i++) if (a[i] >= b[i]) da[i] += g[i];
            if (db != null) for (int i = 0; i < n; i++) if (b[i] > a[i]) db[i] += g[i];
        }
    },
    /** Ties send the gradient to a. */
    MIN {
        public void forward(float[] a, float[] b, float[] y, int n) {
            for (int i = 0; i < n; i++) y[i] = Math.min(a[i], b[i]);
        }

        public void backward(float[] a, float[] b, float[] y, float[] g, float[] da, float[] db, int n) {
            if (da != null) for (int i = 0; i < n; i++) if (a[i] <= b[i]) da[i] += g[i];
            if (db != null) for (int i = 0; i < n; i++) if (b[i] < a[i]) db[i] += g[i];
        }
    };

    public abstract void forward(float[] a, float[] b, float[] y, int n);

    public abstract void backward(float[] a, float[] b, float[] y, float[] g, float[] da, float[] db, int n);
}
