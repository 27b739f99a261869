# Reference values for tracktr.design and tracktr.weights, computed by R's survey package
# (Lumley) on its own example data, the California API samples.
#
# Run from the repository root:
#     Rscript tests/reference/survey_api.R
# It reads tests/data/api/apistrat.csv and apiclus1.csv (copies of survey's data(api)) and
# writes tests/reference/survey_api.csv: one row per value (key, value), 17 significant
# digits, with the R and survey versions as the first rows. The tests read that file, so CI
# never needs R. Made with R 4.2.2 and survey 4.1.1 from Debian 12 (r-base-core,
# r-cran-survey).

suppressPackageStartupMessages(library(survey))

strat <- read.csv("tests/data/api/apistrat.csv", stringsAsFactors = TRUE)
clus1 <- read.csv("tests/data/api/apiclus1.csv", stringsAsFactors = TRUE)

dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = strat)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = clus1)
dstrat_nofpc <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = strat)

out <- list()
put <- function(key, value) {
  value <- as.numeric(value)
  if (length(value) == 1) {
    out[[key]] <<- value
  } else {
    for (i in seq_along(value)) out[[paste0(key, "[", i, "]")]] <<- value[i]
  }
}
put_estimate <- function(key, est) {
  put(paste0(key, ".est"), coef(est))
  put(paste0(key, ".se"), SE(est))
  d <- attr(est, "deff")
  if (!is.null(d)) put(paste0(key, ".deff"), if (is.matrix(d)) diag(d) else d)
}

designs <- list(strat = dstrat, clus1 = dclus1, stratnofpc = dstrat_nofpc)
for (name in names(designs)) {
  d <- designs[[name]]
  put(paste0(name, ".degf"), degf(d))
  # means and totals of numeric questions; deff=TRUE is SRS without replacement, N = sum(w)
  put_estimate(paste0(name, ".mean.api00"), svymean(~api00, d, deff = TRUE))
  put_estimate(paste0(name, ".mean.enroll"), svymean(~enroll, d, deff = TRUE))
  put_estimate(paste0(name, ".meanrep.api00"), svymean(~api00, d, deff = "replace"))
  put_estimate(paste0(name, ".total.enroll"), svytotal(~enroll, d, deff = TRUE))
  put_estimate(paste0(name, ".ratio.api00_api99"), svyratio(~api00, ~api99, d))
  # proportions of every option of a single-choice question (levels in sorted order)
  put_estimate(paste0(name, ".prop.awards"), svymean(~awards, d, deff = TRUE))
  put_estimate(paste0(name, ".prop.stype"), svymean(~stype, d, deff = "replace"))
  put_estimate(paste0(name, ".total.stype"), svytotal(~stype, d))
  # domain estimation: by group, never by subsetting the rows
  by_mean <- svyby(~api00, ~stype, d, svymean, deff = TRUE)
  put(paste0(name, ".by.api00.stype.est"), coef(by_mean))
  put(paste0(name, ".by.api00.stype.se"), SE(by_mean))
  put(paste0(name, ".by.api00.stype.deff"), deff(by_mean))
  by_prop <- svyby(~awards, ~stype, d, svymean)
  put(paste0(name, ".by.awards.stype.est"), as.matrix(coef(by_prop)))
  put(paste0(name, ".by.awards.stype.se"), as.matrix(SE(by_prop)))
  by_total <- svyby(~enroll, ~stype, d, svytotal)
  put(paste0(name, ".by.total.enroll.stype.est"), coef(by_total))
  put(paste0(name, ".by.total.enroll.stype.se"), SE(by_total))
  # intervals for a weighted proportion
  for (method in c("logit", "beta", "mean", "asin", "xlogit")) {
    ci <- svyciprop(~I(sch.wide == "Yes"), d, method = method)
    put(paste0(name, ".ciprop.schwide.", method), c(coef(ci), attr(ci, "ci")))
    ci <- svyciprop(~I(stype == "H"), d, method = method)
    put(paste0(name, ".ciprop.stypeH.", method), c(coef(ci), attr(ci, "ci")))
    ci <- svyciprop(~I(sch.wide == "Yes"), d, method = method, level = 0.9)
    put(paste0(name, ".ciprop90.schwide.", method), c(coef(ci), attr(ci, "ci")))
  }
  # Rao-Scott tests of a weighted table
  for (table in list(c("sch.wide", "stype"), c("awards", "yr.rnd"), c("stype", "both"))) {
    f <- as.formula(paste("~", table[1], "+", table[2]))
    key <- paste0(name, ".chisq.", table[1], "_", table[2])
    t_f <- svychisq(f, d, statistic = "F")
    put(paste0(key, ".F"), c(t_f$statistic, t_f$parameter, t_f$p.value))
    t_c <- svychisq(f, d, statistic = "Chisq")
    put(paste0(key, ".Chisq"), c(t_c$statistic, t_c$parameter, t_c$p.value))
  }
  # two groups' proportions: the difference with its design-based variance
  by_two <- svyby(~as.numeric(awards == "Yes"), ~yr.rnd, d, svymean, covmat = TRUE)
  diff <- svycontrast(by_two, c(-1, 1))
  put(paste0(name, ".diff.awards.yr_rnd"), c(coef(diff), SE(diff)))
  tt <- svyttest(as.numeric(awards == "Yes") ~ yr.rnd, d)
  put(paste0(name, ".ttest.awards.yr_rnd"), c(tt$statistic, tt$parameter, tt$p.value))
  # every pair of three groups (compare_table(design=) and tab-book letters): E-H, E-M, H-M
  by_three <- svyby(~as.numeric(awards == "Yes"), ~stype, d, svymean, covmat = TRUE)
  pairs <- list(c(1, -1, 0), c(1, 0, -1), c(0, 1, -1))
  for (k in seq_along(pairs)) {
    contrast <- svycontrast(by_three, pairs[[k]])
    put(paste0(name, ".pairs.awards.stype.", k), c(coef(contrast), SE(contrast)))
  }
  # a group against the whole sample that contains it (against="total"): p_H - p, by the
  # delta method on four totals, so that the covariance of the overlap is included
  d2 <- update(d, y = as.numeric(awards == "Yes"), yH = as.numeric(awards == "Yes") *
                 as.numeric(stype == "H"), nH = as.numeric(stype == "H"), one = 1)
  vs_total <- svycontrast(svytotal(~y + yH + nH + one, d2), quote(yH / nH - y / one))
  put(paste0(name, ".total.awards.stypeH"), c(coef(vs_total), SE(vs_total)))
  # a group against the rest (against="rest"): p_H - p_(E or M), two domains of one design
  by_rest <- svyby(~as.numeric(awards == "Yes"), ~I(stype == "H"), d, svymean, covmat = TRUE)
  vs_rest <- svycontrast(by_rest, c(-1, 1))
  put(paste0(name, ".rest.awards.stypeH"), c(coef(vs_rest), SE(vs_rest)))
}

# singleton strata: schools stratified by district in apiclus1 (district 413 has one school)
for (lonely in c("remove", "adjust", "certainty", "average")) {
  options(survey.lonely.psu = lonely)
  dlonely <- svydesign(id = ~1, strata = ~dnum, weights = ~pw, data = clus1)
  put_estimate(paste0("lonely.", lonely, ".mean.api00"), svymean(~api00, dlonely))
  put_estimate(paste0("lonely.", lonely, ".total.enroll"), svytotal(~enroll, dlonely))
  # domains (svyby subsets the design): "average" counts the strata the domain has rows in
  by_mean <- svyby(~api00, ~stype, dlonely, svymean)
  by_total <- svyby(~enroll, ~stype, dlonely, svytotal)
  put(paste0("lonely.", lonely, ".by.stype.mean.api00"), c(coef(by_mean), SE(by_mean)))
  put(paste0("lonely.", lonely, ".by.stype.total.enroll"), c(coef(by_total), SE(by_total)))
}
options(survey.lonely.psu = "fail")

# raking to two population margins (the survey package's own example), to convergence
pop_types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop_schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1460, 4734))
raked <- rake(dclus1, list(~stype, ~sch.wide), list(pop_types, pop_schwide),
              control = list(maxit = 1000, epsilon = 1e-12))
put("rake.clus1.weights", weights(raked))
put("rake.clus1.mean.api00.est", coef(svymean(~api00, raked)))

# trimming (trimWeights): weights clipped to the limits, the amount trimmed shared equally
# over the weights that were inside; strict = TRUE repeats until none is outside
trims <- list(
  strat.u40l20 = trimWeights(dstrat, upper = 40, lower = 20),
  strat.u40l20strict = trimWeights(dstrat, upper = 40, lower = 20, strict = TRUE),
  strat.u35strict = trimWeights(dstrat, upper = 35, strict = TRUE),
  raked.u40l25 = trimWeights(raked, upper = 40, lower = 25),
  raked.u40l25strict = trimWeights(raked, upper = 40, lower = 25, strict = TRUE),
  raked.u60 = trimWeights(raked, upper = 60)
)
for (k in names(trims)) put(paste0("trim.", k), weights(trims[[k]]))

# calibration: linear (GREG) and logit with bounds, to stype and api99 totals
pop_totals <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = 3914069)
cal_linear <- calibrate(dclus1, ~stype + api99, pop_totals)
put("calibrate.linear.clus1.weights", weights(cal_linear))
cal_logit <- calibrate(dclus1, ~stype + api99, pop_totals, bounds = c(0.7, 1.7),
                       calfun = "logit", maxit = 200, epsilon = 1e-12)
put("calibrate.logit.clus1.weights", weights(cal_logit))

# goodness of fit of the sample's shares to the population's
gof <- chisq.test(table(strat$stype), p = c(4421, 755, 1018) / 6194)
put("gof.strat.stype", c(gof$statistic, gof$parameter, gof$p.value))

values <- data.frame(key = names(out), value = formatC(unlist(out), digits = 17, format = "g"))
header <- data.frame(
  key = c("version.R", "version.survey"),
  value = c(R.version.string, as.character(packageVersion("survey")))
)
write.csv(rbind(header, values), "tests/reference/survey_api.csv", row.names = FALSE)

# standard errors after weighting: R adjusts the scores for the calibration
calibrated_se <- function(d) c(SE(svymean(~api00, d)), SE(svytotal(~enroll, d)),
                               SE(svymean(~awards, d)))
extra <- list(
  rake = calibrated_se(raked),
  linear = calibrated_se(cal_linear),
  logit = calibrated_se(cal_logit)
)
extra_rows <- do.call(rbind, lapply(names(extra), function(k) data.frame(
  key = paste0("calibrated_se.", k, "[", seq_along(extra[[k]]), "]"),
  value = formatC(extra[[k]], digits = 17, format = "g"))))
write.csv(rbind(header, values, extra_rows), "tests/reference/survey_api.csv", row.names = FALSE)
