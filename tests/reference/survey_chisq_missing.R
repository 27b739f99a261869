# Reference values for tracktr.design.chisq where some respondents did not answer: R's
# svychisq scales its Pearson X-squared to every row of the design (N = nrow, answers
# missing included), tracktr to the respondents who answered both; the p-values and the
# F statistic are the same. Helper hK17.
#
# Run from the repository root:
#     Rscript tests/reference/survey_chisq_missing.R
# It reads tests/data/api/apistrat.csv and writes tests/reference/survey_chisq_missing.csv:
# one row per value (key, value), 17 significant digits, with the R and survey versions
# first. Made with R 4.2.2 and survey 4.1.1 from Debian 12 (r-base-core, r-cran-survey).

suppressPackageStartupMessages(library(survey))

strat <- read.csv("tests/data/api/apistrat.csv", stringsAsFactors = TRUE)
# a two-option question with no answer where class size is missing (66 of 200 schools)
strat$big46 <- factor(ifelse(strat$acs.46 > 28, "Yes", "No"))
d <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = strat)

out <- list()
put <- function(key, value) {
  value <- as.numeric(value)
  for (i in seq_along(value)) out[[paste0(key, "[", i, "]")]] <<- value[i]
}
for (pair in list(c("awards", "big46"), c("big46", "stype"))) {
  f <- as.formula(paste("~", pair[1], "+", pair[2]))
  key <- paste0("strat.", pair[1], "_", pair[2])
  r <- svychisq(f, d, statistic = "F")
  put(paste0(key, ".F"), c(r$statistic, r$parameter, r$p.value))
  r <- svychisq(f, d, statistic = "Chisq")
  put(paste0(key, ".Chisq"), c(r$statistic, r$parameter, r$p.value))
}
put("strat.nrow", nrow(d))

values <- data.frame(
  key = names(out),
  value = vapply(out, function(v) formatC(v, digits = 17, format = "g"), ""),
  row.names = NULL
)
header <- data.frame(
  key = c("version.R", "version.survey"),
  value = c(R.version.string, as.character(packageVersion("survey")))
)
write.csv(rbind(header, values), "tests/reference/survey_chisq_missing.csv", row.names = FALSE)
