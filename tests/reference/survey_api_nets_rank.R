# Reference values for design-based net letters and rank tests, computed by R's survey
# package (Lumley) on its example data, the California API samples.
#
# Run from the repository root:
#     Rscript tests/reference/survey_api_nets_rank.R
# It reads tests/data/api/apistrat.csv and apiclus1.csv (copies of survey's data(api)) and
# writes tests/reference/survey_api_nets_rank.csv: one row per value (key, value), 17
# significant digits, with the R and survey versions first. Made with R 4.2.2 and survey
# 4.1.1 (Debian 12). tests/test_design_nets_rank.py reads the file, so CI never needs R.

suppressPackageStartupMessages(library(survey))

band <- function(x) {
  # api00 in four bands, as the tests band it: an ordinal question with ties
  factor(ifelse(x < 600, "low", ifelse(x < 700, "mid", ifelse(x < 800, "high", "top"))),
         levels = c("low", "mid", "high", "top"))
}
strat <- read.csv("tests/data/api/apistrat.csv", stringsAsFactors = TRUE)
clus1 <- read.csv("tests/data/api/apiclus1.csv", stringsAsFactors = TRUE)
strat$band <- band(strat$api00)
clus1$band <- band(clus1$api00)

designs <- list(
  strat = svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = strat),
  clus1 = svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = clus1)
)

out <- list()
put <- function(key, value) {
  value <- as.numeric(value)
  for (i in seq_along(value)) out[[paste0(key, "[", i, "]")]] <<- value[i]
}

for (name in names(designs)) {
  d <- designs[[name]]
  # a net of a single-choice question ("mid or high" of band), every pair of stype:
  # the domain mean of the net's indicator, differences by svycontrast (E-H, E-M, H-M)
  d <- update(d, net = as.numeric(band %in% c("mid", "high")))
  by_net <- svyby(~net, ~stype, d, svymean, covmat = TRUE)
  pairs <- list(c(1, -1, 0), c(1, 0, -1), c(0, 1, -1))
  for (k in seq_along(pairs)) {
    contrast <- svycontrast(by_net, pairs[[k]])
    put(paste0(name, ".net.band.stype.", k), c(coef(contrast), SE(contrast)))
  }
  # a net of a multi-response set (ticks sch.wide, yr.rnd, comp.imp == "Yes"): "yr.rnd or
  # comp.imp"; the base is who ticked any (empty = "skipped"), a domain, not a subset of rows
  d <- update(d, tick_any = sch.wide == "Yes" | yr.rnd == "Yes" | comp.imp == "Yes",
              multi_net = as.numeric(yr.rnd == "Yes" | comp.imp == "Yes"))
  by_multi <- svyby(~multi_net, ~stype, subset(d, tick_any), svymean, covmat = TRUE)
  for (k in seq_along(pairs)) {
    contrast <- svycontrast(by_multi, pairs[[k]])
    put(paste0(name, ".multinet.stype.", k), c(coef(contrast), SE(contrast)))
  }
  # rank tests (Lumley & Scott 2013): two groups (t, df, p, difference in mean rank score)
  for (test in c("wilcoxon", "vanderWaerden", "median")) {
    r <- svyranktest(enroll ~ comp.imp, d, test = test)
    put(paste0(name, ".rank.enroll.compimp.", test),
        c(r$statistic, r$parameter, r$p.value, r$estimate))
    r <- svyranktest(as.numeric(band) ~ sch.wide, d, test = test)
    put(paste0(name, ".rank.band.schwide.", test),
        c(r$statistic, r$parameter, r$p.value, r$estimate))
  }
  # missing answers (avg.ed is blank for some schools): R drops their rows; the scores of
  # the rest and, where no PSU is lost, the degrees of freedom are those of a domain
  r <- svyranktest(avg.ed ~ comp.imp, d)
  put(paste0(name, ".rank.avged.compimp.wilcoxon"),
      c(r$statistic, r$parameter, r$p.value, r$estimate))
  # more than two groups: R returns the Wald chi-square as `parameter` and its df as
  # `statistic` (its own naming); F = chisq / ndf on (ndf, ddf)
  for (test in c("KruskalWallis", "vanderWaerden", "median")) {
    r <- svyranktest(enroll ~ stype, d, test = test)
    put(paste0(name, ".rank.enroll.stype.", test), c(r$parameter, r$statistic, r$ddf, r$p.value))
    r <- svyranktest(as.numeric(band) ~ stype, d, test = test)
    put(paste0(name, ".rank.band.stype.", test), c(r$parameter, r$statistic, r$ddf, r$p.value))
  }
}

values <- data.frame(key = names(out), value = formatC(unlist(out), digits = 17, format = "g"))
header <- data.frame(
  key = c("version.R", "version.survey"),
  value = c(R.version.string, as.character(packageVersion("survey")))
)
write.csv(rbind(header, values), "tests/reference/survey_api_nets_rank.csv", row.names = FALSE)
