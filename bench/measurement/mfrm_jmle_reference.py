#!/usr/bin/env python3
"""Reference JMLE for the many-facet Rasch rating-scale / partial-credit model.

Written from the published formulas (Linacre 1989/1994 "Many-Facet Rasch Measurement";
Wright & Masters 1982 "Rating Scale Analysis"; FACETS manual conventions) so that the
crates/evident-measure/tests/data folders can carry JMLE values next to the MML values from R's TAM/sirt.
It is a test oracle, not production code: clarity over speed (vectorised numpy only).

Model (rating scale, Andrich thresholds F_k, sum F_k = 0):
    log(P_k / P_{k-1}) = sum_f s_f * theta_f[elem_f] - F_k ,  k = 1..m
    s_f = +1 for "positive" facets (e.g. examinee ability), -1 otherwise
    (rater severity, task difficulty).
Partial credit variant: thresholds F_{t,k} per element of one facet (e.g. task).

Identification (FACETS "Noncenter="): every facet is centred to mean 0 except the
one named in `floating`, which carries the overall location.

Extreme scores (all minimum / all maximum for an element) are removed before
estimation (iteratively) and measured afterwards with the observed score moved
0.3 score points inwards (FACETS/Winsteps default Xtreme= 0.3).

Output per element: measure, model SE, infit/outfit mean-squares and ZSTD
(Wilson-Hilferty), fair average (Fair-M); per facet: RMSE, adjusted SD, separation,
strata, reliability (population and sample SD variants); thresholds;
optional (L-1)/L bias-corrected measures; optional two-facet bias/interaction table.

Usage: python3 mfrm_jmle_reference.py data.csv [--pcm task] [--floating rater]
        [--positive examinee] [--bias rater,examinee] [--json out.json]
"""
import argparse, json, sys
import numpy as np
import pandas as pd


def _probs(eta, tau_cum, m):
    """eta: (N,), tau_cum: (N, m+1) cumulative thresholds (tau_cum[:,0]=0).
    Returns P (N, m+1), E, W (variance), C (4th central moment)."""
    k = np.arange(m + 1)
    logits = eta[:, None] * k[None, :] - tau_cum
    logits -= logits.max(axis=1, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=1, keepdims=True)
    E = P @ k
    W = P @ (k ** 2) - E ** 2
    C = (P * (k[None, :] - E[:, None]) ** 4).sum(axis=1)
    return P, E, W, C


class MFRM:
    def __init__(self, df, facets, score, positive=("examinee",), floating="rater",
                 pcm=None, xtreme=0.3):
        self.df = df.reset_index(drop=True)
        self.facets = list(facets)
        self.sign = {f: (1.0 if f in positive else -1.0) for f in self.facets}
        self.floating = floating
        self.pcm = pcm
        self.xtreme = xtreme
        y = self.df[score].to_numpy(dtype=float)
        self.ymin = int(np.nanmin(y))
        self.y = (y - self.ymin).astype(int)
        self.m = int(self.y.max())
        self.codes, self.labels = {}, {}
        for f in self.facets:
            c, u = pd.factorize(self.df[f], sort=True)
            self.codes[f], self.labels[f] = c, list(u)
        self.theta = {f: np.zeros(len(self.labels[f])) for f in self.facets}
        ng = len(self.labels[pcm]) if pcm else 1
        self.tau = np.zeros((ng, self.m + 1))  # tau[:,0] unused (=0)

    # ---------------------------------------------------------------- helpers
    def _group(self):
        return self.codes[self.pcm] if self.pcm else np.zeros(len(self.y), dtype=int)

    def _eta(self):
        eta = np.zeros(len(self.y))
        for f in self.facets:
            eta += self.sign[f] * self.theta[f][self.codes[f]]
        return eta

    def _moments(self, idx=None):
        eta = self._eta()
        tc = np.cumsum(self.tau, axis=1)[self._group()]
        if idx is not None:
            eta, tc = eta[idx], tc[idx]
        return _probs(eta, tc, self.m)

    def _extremes(self):
        """Iteratively flag observations that belong to an extreme element."""
        active = np.ones(len(self.y), bool)
        ext = {f: np.zeros(len(self.labels[f]), bool) for f in self.facets}
        changed = True
        while changed:
            changed = False
            for f in self.facets:
                n = len(self.labels[f])
                cnt = np.bincount(self.codes[f][active], minlength=n)
                s = np.bincount(self.codes[f][active], weights=self.y[active], minlength=n)
                e = (cnt > 0) & ((s == 0) | (s == self.m * cnt)) & ~ext[f]
                if e.any():
                    ext[f] |= e
                    active &= ~e[self.codes[f]]
                    changed = True
        return active, ext

    # ---------------------------------------------------------------- fitting
    def fit(self, max_iter=2000, tol=1e-10, verbose=False):
        active, self.extreme = self._extremes()
        self.active = active
        idx = np.where(active)[0]
        g = self._group()[idx]
        ng = self.tau.shape[0]
        for it in range(max_iter):
            maxres = 0.0
            for f in self.facets:
                P, E, W, C = self._moments(idx)
                c = self.codes[f][idx]
                n = len(self.labels[f])
                r = np.bincount(c, weights=self.y[idx] - E, minlength=n)
                w = np.bincount(c, weights=W, minlength=n)
                ok = w > 0
                step = np.zeros(n)
                step[ok] = self.sign[f] * r[ok] / w[ok]
                step = np.clip(step, -1.0, 1.0)
                step[self.extreme[f]] = 0.0
                self.theta[f] += step
                maxres = max(maxres, np.abs(r).max())
                if f != self.floating:
                    keep = ~self.extreme[f] & (np.bincount(c, minlength=n) > 0)
                    self.theta[f] -= self.theta[f][keep].mean()
            # thresholds: Newton on cumulative category counts, per group
            P, E, W, C = self._moments(idx)
            for gi in range(ng):
                sel = g == gi
                if not sel.any():
                    continue
                Pg = P[sel]
                ycat = self.y[idx][sel]
                for k in range(1, self.m + 1):
                    ge = Pg[:, k:].sum(axis=1)
                    obs = (ycat >= k).sum()
                    var = (ge * (1 - ge)).sum()
                    if var > 0:
                        d = np.clip((obs - ge.sum()) / var, -1, 1)
                        self.tau[gi, k] -= d
                        maxres = max(maxres, abs(obs - ge.sum()))
                self.tau[gi, 1:] -= self.tau[gi, 1:].mean()
            if verbose:
                print(it, maxres, file=sys.stderr)
            if maxres < tol:
                break
        self.iterations = it + 1
        self.max_score_residual = maxres
        self._measure_extremes()
        return self

    def _measure_extremes(self):
        """Extreme elements: solve (vectorised Newton) for the measure whose expected
        score equals the observed score moved `xtreme` points inwards, all other
        parameters fixed."""
        for f in self.facets:
            ext = self.extreme[f]
            if not ext.any():
                continue
            n = len(self.labels[f]); c = self.codes[f]
            obs = np.where(ext[c])[0]
            cnt = np.bincount(c[obs], minlength=n)
            s = np.bincount(c[obs], weights=self.y[obs], minlength=n)
            target = np.where(s == 0, self.xtreme, self.m * cnt - self.xtreme)
            for _ in range(200):
                P, E, W, C = self._moments(obs)
                r = target - np.bincount(c[obs], weights=E, minlength=n)
                w = np.bincount(c[obs], weights=W, minlength=n)
                step = np.zeros(n)
                step[ext] = np.clip(self.sign[f] * r[ext] / w[ext], -1, 1)
                self.theta[f] += step
                if np.abs(r[ext]).max() < 1e-8:
                    break

    # ---------------------------------------------------------------- reports
    def element_table(self):
        P, E, W, C = self._moments()
        resid = self.y - E
        z2 = resid ** 2 / W
        rows = {}
        for f in self.facets:
            c = self.codes[f]; n = len(self.labels[f])
            cnt = np.bincount(c, minlength=n)
            sW = np.bincount(c, weights=W, minlength=n)
            sR2 = np.bincount(c, weights=resid ** 2, minlength=n)
            sZ2 = np.bincount(c, weights=z2, minlength=n)
            sCW2 = np.bincount(c, weights=C / W ** 2, minlength=n)
            sCmW2 = np.bincount(c, weights=C - W ** 2, minlength=n)
            infit = sR2 / sW
            outfit = sZ2 / cnt
            q_out = np.sqrt(np.maximum(sCW2 / cnt ** 2 - 1.0 / cnt, 1e-12))
            q_in = np.sqrt(np.maximum(sCmW2 / sW ** 2, 1e-12))
            zstd = lambda ms, q: (np.cbrt(ms) - 1.0) * (3.0 / q) + q / 3.0
            se = 1.0 / np.sqrt(sW)
            score = np.bincount(c, weights=self.y + self.ymin, minlength=n)
            rows[f] = pd.DataFrame({
                "element": self.labels[f], "total_score": score, "count": cnt,
                "observed_average": score / cnt, "fair_m_average": self.fair_average(f),
                "measure": self.theta[f], "model_se": se,
                "real_se": se * np.sqrt(np.maximum(1.0, infit)),
                "infit_mnsq": infit, "infit_zstd": zstd(infit, q_in),
                "outfit_mnsq": outfit, "outfit_zstd": zstd(outfit, q_out),
                "extreme": self.extreme[f]})
        return rows

    def fair_average(self, f):
        """FACETS Fair(M): expected rating for the element when every other facet is at
        the mean of its (non-extreme) element measures; rating-scale thresholds."""
        base = 0.0
        for g in self.facets:
            if g == f:
                continue
            keep = ~self.extreme[g]
            base += self.sign[g] * self.theta[g][keep].mean()
        eta = base + self.sign[f] * self.theta[f]
        tau = self.tau.mean(axis=0) if self.pcm else self.tau[0]
        tc = np.tile(np.cumsum(tau), (len(eta), 1))
        P, E, W, C = _probs(eta, tc, self.m)
        return E + self.ymin

    def facet_summary(self, table):
        out = {}
        for f, t in table.items():
            t = t[~t["extreme"]]
            x = t["measure"].to_numpy(); se = t["model_se"].to_numpy()
            rmse = np.sqrt(np.mean(se ** 2))
            res = {"n": int(len(x)), "mean": float(x.mean()), "rmse_model": float(rmse)}
            for lab, sd in (("population", x.std(ddof=0)), ("sample", x.std(ddof=1) if len(x) > 1 else 0.0)):
                true_var = max(sd ** 2 - rmse ** 2, 0.0)
                G = np.sqrt(true_var) / rmse
                res[lab] = {"sd": float(sd), "adj_true_sd": float(np.sqrt(true_var)),
                            "separation": float(G), "strata": float((4 * G + 1) / 3),
                            "reliability": float(true_var / sd ** 2) if sd > 0 else 0.0}
            # fixed-effect chi-square: all elements equal (FACETS Table 7 footer)
            wgt = 1 / se ** 2
            chi = float(np.sum(wgt * x ** 2) - np.sum(wgt * x) ** 2 / np.sum(wgt))
            res["fixed_chi_square"] = chi; res["fixed_df"] = int(len(x) - 1)
            out[f] = res
        return out

    def bias_table(self, fa, fb):
        """Two-facet interaction (FACETS Bias= ability direction: positive = scored higher
        than the main-effects model expects). Each cell's term is estimated with all
        other parameters fixed; SE = 1/sqrt(sum W); t = size / SE."""
        eta0 = self._eta()
        tc = np.cumsum(self.tau, axis=1)[self._group()]
        key = self.codes[fa] * len(self.labels[fb]) + self.codes[fb]
        rows = []
        for k in np.unique(key):
            idx = np.where(key == k)[0]
            yk = self.y[idx]
            s = yk.sum(); mx = self.m * len(idx)
            target = min(max(s, 0.5), mx - 0.5) if (s == 0 or s == mx) else s
            b = 0.0
            for _ in range(100):
                P, E, W, C = _probs(eta0[idx] + b, tc[idx], self.m)
                r = target - E.sum()
                b += np.clip(r / W.sum(), -1, 1)
                if abs(r) < 1e-10:
                    break
            P, E, W, C = _probs(eta0[idx] + b, tc[idx], self.m)
            P0, E0, W0, C0 = _probs(eta0[idx], tc[idx], self.m)
            se = 1 / np.sqrt(W.sum())
            rows.append({fa: self.labels[fa][self.codes[fa][idx[0]]],
                         fb: self.labels[fb][self.codes[fb][idx[0]]],
                         "count": len(idx), "observed": float(s + self.ymin * len(idx)),
                         "expected": float(E0.sum() + self.ymin * len(idx)),
                         "obs_minus_exp_avg": float((s - E0.sum()) / len(idx)),
                         "bias_logit": float(b), "se": float(se), "t": float(b / se)})
        return pd.DataFrame(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--facets", default="examinee,rater,task")
    ap.add_argument("--score", default="score")
    ap.add_argument("--positive", default="examinee")
    ap.add_argument("--floating", default="rater")
    ap.add_argument("--pcm", default=None)
    ap.add_argument("--bias", default=None, help="facetA,facetB")
    ap.add_argument("--json", default=None)
    ap.add_argument("--tol", type=float, default=1e-10, help="max |observed-expected| score residual")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    df = pd.read_csv(a.csv, dtype={f: str for f in a.facets.split(",")})
    mod = MFRM(df, a.facets.split(","), a.score, positive=a.positive.split(","),
               floating=a.floating, pcm=a.pcm).fit(tol=a.tol)
    tab = mod.element_table()
    summ = mod.facet_summary(tab)
    out = {"iterations": mod.iterations, "max_score_residual": mod.max_score_residual,
           "categories_recoded_from": mod.ymin, "thresholds": mod.tau[:, 1:].tolist(),
           "facets": {f: t.to_dict(orient="records") for f, t in tab.items()},
           "summary": summ}
    # (L-1)/L bias-corrected measures, L = mean count of observations per element of the
    # *other* dimension is ambiguous for >2 facets; we report the Wright & Douglas (1977)
    # factor for the non-examinee facets with L = observations per examinee (mean).
    L = np.mean(np.bincount(mod.codes[a.positive.split(",")[0]]))
    out["jmle_bias_factor_(L-1)/L"] = float((L - 1) / L)
    if a.bias:
        fa, fb = a.bias.split(",")
        out["bias"] = mod.bias_table(fa, fb).to_dict(orient="records")
    for f, t in ([] if a.quiet else tab.items()):
        print(f"== {f}"); print(t.round(3).to_string(index=False))
    print(json.dumps(summ, indent=1))
    print("thresholds", np.round(mod.tau[:, 1:], 4).tolist(), "iterations", mod.iterations)
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(out, fh, indent=1, default=float)


if __name__ == "__main__":
    main()
