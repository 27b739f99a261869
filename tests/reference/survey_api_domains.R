# Reference values for tracktr.design's intervals of a proportion within domains, computed
# by R's survey package (Lumley) on its own example data, the California API samples.
#
# Run from the repository root:
#     Rscript tests/reference/survey_api_domains.R
# It writes tests/reference/survey_api_domains.csv (key, value; 17 significant digits),
# with the R and survey versions as the first rows. Made with R 4.2.2 and survey 4.1.1
# from Debian 12 (r-base-core, r-cran-survey).
#
# svyby() runs svyciprop() on each group's subset of the design, so each group's interval
# takes the t quantile on that subset's own degrees of freedom (its PSUs less its strata)
# and, for Korn-Graubard ("beta"), its own number of rows. Respondents who did not answer
# are left out first (subset(design, !is.na(q))), as tracktr leaves them out of the base.

suppressPackageStartupMessages(library(survey))

strat <- read.csv("tests/data/api/apistrat.csv", stringsAsFactors = TRUE)
clus1 <- read.csv("tests/data/api/apiclus1.csv", stringsAsFactors = TRUE)
# A question some schools did not answer: every fifth school by its number.
strat$q <- ifelse(strat$snum %% 5 == 0, NA, as.character(strat$sch.wide))
clus1$q <- ifelse(clus1$snum %% 5 == 0, NA, as.character(clus1$sch.wide))

designs <- list(
  strat = svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = strat),
  clus1 = svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = clus1),
  stratnofpc = svydesign(id = ~1, strata = ~stype, weights = ~pw, data = strat)
)

out <- list()
put <- function(key, value) {
  value <- as.numeric(value)
  for (i in seq_along(value)) out[[paste0(key, "[", i, "]")]] <<- value[i]
}

for (name in names(designs)) {
  d <- designs[[name]]
  answered <- subset(d, !is.na(q))
  for (method in c("logit", "beta", "mean", "asin")) {
    # by school type: estimate, lower and upper limit for E, H and M
    by_all <- svyby(~I(sch.wide == "Yes"), ~stype, d, svyciprop, vartype = "ci",
                    method = method)
    put(paste0(name, ".by.schwide.", method), t(as.matrix(as.data.frame(by_all)[, -1])))
    by_answered <- svyby(~I(q == "Yes"), ~stype, answered, svyciprop, vartype = "ci",
                         method = method)
    put(paste0(name, ".by.q.", method), t(as.matrix(as.data.frame(by_answered)[, -1])))
    whole <- svyciprop(~I(q == "Yes"), answered, method = method)
    put(paste0(name, ".whole.q.", method), c(coef(whole), attr(whole, "ci")))
  }
  put(paste0(name, ".degf.answered"), degf(answered))
}

values <- data.frame(key = names(out), value = formatC(unlist(out), digits = 17, format = "g"))
header <- data.frame(
  key = c("version.R", "version.survey"),
  value = c(R.version.string, as.character(packageVersion("survey")))
)
write.csv(rbind(header, values), "tests/reference/survey_api_domains.csv", row.names = FALSE)
