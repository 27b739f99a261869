# Reference values for standard errors under raked weights when some rows weigh 0. Helper hK17.
#
# R's svyrecvar adjusts a raked design's scores with ave(x / w) over each margin's
# categories: a row weighted 0 gives 0 / 0, and every standard error is NaN. A row weighted
# 0 is in no sample, so the reference is R on the rows without it: the first four schools
# of apiclus1 (district 637, which keeps others) dropped, raked to three margins.
#
# Run from the repository root:
#     Rscript tests/reference/rake_zero_weights.R
# It reads tests/data/api/apiclus1.csv and writes tests/reference/rake_zero_weights.csv:
# one row per value (key, value), 17 significant digits, with the R and survey versions
# first. Made with R 4.2.2 and survey 4.1.1 from Debian 12 (r-base-core, r-cran-survey).

suppressPackageStartupMessages(library(survey))

clus1 <- read.csv("tests/data/api/apiclus1.csv", stringsAsFactors = TRUE)
kept <- clus1[-(1:4), ]
d <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = kept)
raked <- rake(d, list(~stype, ~sch.wide, ~awards),
              list(data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018)),
                   data.frame(sch.wide = c("No", "Yes"), Freq = c(1460, 4734)),
                   data.frame(awards = c("No", "Yes"), Freq = c(2500, 3694))),
              control = list(maxit = 1000, epsilon = 1e-13))

out <- list()
put <- function(key, value) {
  value <- as.numeric(value)
  for (i in seq_along(value)) out[[paste0(key, "[", i, "]")]] <<- value[i]
}
m <- svymean(~api00, raked)
put("mean.api00", c(coef(m), SE(m)))
by_mean <- svyby(~api00, ~stype, raked, svymean)
put("by.api00.stype", c(coef(by_mean), SE(by_mean)))
tot <- svytotal(~enroll, raked)
put("total.enroll", c(coef(tot), SE(tot)))
put("prop.yr_rnd", c(coef(svymean(~yr.rnd, raked)), SE(svymean(~yr.rnd, raked))))

values <- data.frame(
  key = names(out),
  value = vapply(out, function(v) formatC(v, digits = 17, format = "g"), ""),
  row.names = NULL
)
header <- data.frame(
  key = c("version.R", "version.survey"),
  value = c(R.version.string, as.character(packageVersion("survey")))
)
write.csv(rbind(header, values), "tests/reference/rake_zero_weights.csv", row.names = FALSE)
