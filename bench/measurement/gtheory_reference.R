## Reference computation of G-study variance components for the crates/evident-measure/tests/data/gt_* folders.
## Method A: Henderson (1953) Method 1 = Brennan's "analogous ANOVA" (identical to the
##           expected-mean-square ANOVA solution when the design is balanced).
## Method B: REML via lme4::lmer (what R's gtheory package calls internally).
## Usage: Rscript gtheory_reference.R <case_dir> <design> [nprime like "t=3,r=4;t=3,r=2"]
## Writes <case_dir>/gtheory_output.json
## Designs: pxi, i_in_p, pxixo, px_r_in_t, px_i_in_h, missing_pxi
suppressPackageStartupMessages({library(lme4); library(jsonlite)})
args <- commandArgs(TRUE); dir <- args[1]; design <- args[2]
d <- read.csv(file.path(dir, "data.csv"), colClasses = c("character","character","character","numeric"))
names(d) <- c("p","r","t","y")
## each effect = set of columns whose joint levels define the effect's levels
eff <- switch(design,
  pxi = list(p="p", i="t", pi=c("p","t")),
  missing_pxi = list(p="p", i="t", pi=c("p","t")),
  i_in_p = list(p="p", "i:p"=c("p","t")),
  pxixo = list(p="p", i="t", o="r", pi=c("p","t"), po=c("p","r"), io=c("t","r"), pio=c("p","t","r")),
  px_r_in_t = list(p="p", t="t", "r:t"=c("r","t"), pt=c("p","t"), "pr:t"=c("p","r","t")),
  px_i_in_h = list(p="p", h="t", "i:h"=c("r","t"), ph=c("p","t"), "pi:h"=c("p","r","t")))
key <- function(cols) interaction(d[cols], drop = TRUE, lex.order = TRUE)
N <- nrow(d)
## T values: T_a = sum over levels of a of (level total)^2 / n_level ; T_mu = (grand total)^2/N
Tv <- sapply(eff, function(cols) { k <- key(cols); s <- tapply(d$y, k, sum); n <- tapply(d$y, k, length); sum(s^2/n) })
Tmu <- sum(d$y)^2 / N
## Expected T: E[T_a] = N mu^2 + sum_b sigma2_b * sum_a (sum_b n_ab^2)/n_a
K <- matrix(0, length(eff), length(eff), dimnames = list(names(eff), names(eff)))
for (a in names(eff)) for (b in names(eff)) {
  ka <- key(eff[[a]]); kb <- key(eff[[b]]); tab <- table(ka, kb)
  K[a, b] <- sum(rowSums(tab^2) / rowSums(tab)) }
kmu <- sapply(names(eff), function(b) { n <- table(key(eff[[b]])); sum(n^2) / N })
## subtract the mean equation to remove mu^2, then solve
A <- sweep(K, 2, kmu); rhs <- Tv - Tmu
vc_m1 <- solve(A, rhs)
## REML (lme4); the highest-order term is the residual
terms <- names(eff)[-length(eff)]
d$p <- factor(d$p); d$r <- factor(d$r); d$t <- factor(d$t)
fml <- switch(design,
  pxi = y ~ (1|p) + (1|t), missing_pxi = y ~ (1|p) + (1|t), i_in_p = y ~ (1|p),
  pxixo = y ~ (1|p) + (1|t) + (1|r) + (1|p:t) + (1|p:r) + (1|t:r),
  px_r_in_t = y ~ (1|p) + (1|t) + (1|r:t) + (1|p:t),
  px_i_in_h = y ~ (1|p) + (1|t) + (1|r:t) + (1|p:t))
m <- lmer(fml, data = d, REML = TRUE)
vcr <- as.data.frame(VarCorr(m)); reml <- setNames(vcr$vcov, vcr$grp)
cat("design:", design, " N =", N, "\n")
cat("T values:\n"); print(round(c(mean = Tmu, Tv), 4))
cat("Method 1 (analogous ANOVA) variance components:\n"); print(round(vc_m1, 4))
cat("REML (lme4", as.character(packageVersion("lme4")), ") variance components:\n"); print(round(reml, 4))
## D-study: relative error = sum of components containing p (except p) / product of n' of their non-p facets
dstudy <- function(vc, nprime) {
  rel <- 0; abs <- 0
  for (b in names(vc)[-1]) {
    facets <- setdiff(strsplit(gsub(":", "", b), "")[[1]], "p")
    div <- prod(nprime[facets]); if (grepl("p", b)) rel <- rel + vc[[b]]/div
    abs <- abs + vc[[b]]/div }
  c(Erho2 = vc[["p"]]/(vc[["p"]] + rel), Phi = vc[["p"]]/(vc[["p"]] + abs), rel_err = rel, abs_err = abs) }
np_default <- switch(design, pxi = "i=12", missing_pxi = "i=6", i_in_p = "i=8", pxixo = "i=4,o=2",
             px_r_in_t = "t=3,r=4", px_i_in_h = "h=3,i=2.666667")
spec <- if (length(args) > 2) args[3] else np_default
vcs <- vc_m1
vcz <- pmax(vcs, 0)   # Brennan (2001): negative estimates set to 0 for D-study use
dst <- lapply(strsplit(spec, ";")[[1]], function(one) {
  kv <- strsplit(strsplit(one, ",")[[1]], "="); np <- setNames(as.numeric(sapply(kv, `[`, 2)), sapply(kv, `[`, 1))
  list(nprime = as.list(np), raw = as.list(dstudy(vcs, np)), negatives_set_to_zero = as.list(dstudy(vcz, np))) })
for (x in dst) { cat("D-study", paste(names(x$nprime), unlist(x$nprime), sep="=", collapse=","), ":\n"); print(round(unlist(x$negatives_set_to_zero), 4)) }
writeLines(toJSON(list(design = design, N = N, lme4 = as.character(packageVersion("lme4")), R = R.version.string,
  T_values = as.list(c(mean = Tmu, Tv)), variance_components_method1 = as.list(vc_m1),
  variance_components_reml = as.list(reml), dstudy = dst), auto_unbox = TRUE, digits = 10, pretty = TRUE),
  file.path(dir, "gtheory_output.json"))
