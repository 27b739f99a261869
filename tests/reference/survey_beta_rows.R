# Reference values for the Korn-Graubard ("beta") interval of a weighted proportion where
# R's svyciprop counts rows that are not respondents of the estimate. Helper hK17.
#
# svyciprop(method = "beta") scales the effective base by
# (qt(alpha/2, nrow(design) - 1) / qt(alpha/2, degf(design)))^2. nrow(design) counts every
# row the design object stores: rows weighted 0, and, in a domain of a calibrated design
# (svyby keeps all rows of a calibrated design, weighting the others 0), the whole sample.
# tracktr counts the respondents of the estimate (weight above 0). These values show that
# this count is the only difference: the same design without its zero-weight rows, and a
# domain of a design that is not calibrated, agree.
#
# Run from the repository root:
#     Rscript tests/reference/survey_beta_rows.R
# It reads tests/data/api/apistrat.csv and apiclus1.csv and writes
# tests/reference/survey_beta_rows.csv: one row per value (key, value), 17 significant
# digits, with the R and survey versions first. Made with R 4.2.2 and survey 4.1.1 from
# Debian 12 (r-base-core, r-cran-survey). Each value is (estimate, ci_low, ci_high).

suppressPackageStartupMessages(library(survey))

strat <- read.csv("tests/data/api/apistrat.csv", stringsAsFactors = TRUE)
clus1 <- read.csv("tests/data/api/apiclus1.csv", stringsAsFactors = TRUE)

out <- list()
put <- function(key, value) {
  value <- as.numeric(value)
  for (i in seq_along(value)) out[[paste0(key, "[", i, "]")]] <<- value[i]
}
ciprop <- function(d) {
  ci <- svyciprop(~I(awards == "Yes"), d, method = "beta")
  c(coef(ci), attr(ci, "ci"))
}

# 1. The first five high schools of the stratified sample weighted 0 (nrow 200, 195 weighted)
zero <- strat
zero$pw[which(zero$stype == "H")[1:5]] <- 0
dzero <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = zero)
put("zero.with_rows", ciprop(dzero))
put("zero.nrow", nrow(dzero))
put("zero.without_rows", ciprop(subset(dzero, pw > 0)))

# 2. Domains (school types) of the cluster sample, raked to stype and sch.wide, and not
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = clus1)
raked <- rake(dclus1, list(~stype, ~sch.wide),
              list(data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018)),
                   data.frame(sch.wide = c("No", "Yes"), Freq = c(1460, 4734))),
              control = list(maxit = 1000, epsilon = 1e-12))
for (type in c("E", "H", "M")) {
  put(paste0("raked.", type), ciprop(subset(raked, stype == type)))
  put(paste0("raked.", type, ".nrow"), nrow(subset(raked, stype == type)))
  put(paste0("plain.", type), ciprop(subset(dclus1, stype == type)))
}

values <- data.frame(
  key = names(out),
  value = vapply(out, function(v) formatC(v, digits = 17, format = "g"), ""),
  row.names = NULL
)
header <- data.frame(
  key = c("version.R", "version.survey"),
  value = c(R.version.string, as.character(packageVersion("survey")))
)
write.csv(rbind(header, values), "tests/reference/survey_beta_rows.csv", row.names = FALSE)
