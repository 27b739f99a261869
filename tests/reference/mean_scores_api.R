# Reference values for tt.mean_scores of a weighted table: the SD of a score, computed by
# R's survey package (Lumley) as sqrt(svyvar()) on its example data, the California API
# stratified sample, with stype scored E = 1, M = 2, H = 3.
#
# Run from the repository root:
#     Rscript tests/reference/mean_scores_api.R
# It reads tests/data/api/apistrat.csv (a copy of survey's data(api)) and writes
# tests/reference/mean_scores_api.csv: one row per value (key, value), 17 significant
# digits, with the R and survey versions first. Made with R 4.2.2 and survey 4.1.1
# (Debian 12). tests/test_nets.py reads the file, so CI never needs R.

suppressPackageStartupMessages(library(survey))

strat <- read.csv("tests/data/api/apistrat.csv", stringsAsFactors = TRUE)
strat$score <- c(E = 1, M = 2, H = 3)[as.character(strat$stype)]
design <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = strat)

out <- list()
put <- function(key, value) out[[key]] <<- formatC(as.numeric(value), digits = 17, format = "g")
put("all.mean", coef(svymean(~score, design)))
put("all.sd", sqrt(coef(svyvar(~score, design))))
means <- svyby(~score, ~awards, design, svymean)
spreads <- svyby(~score, ~awards, design, svyvar)
for (group in c("No", "Yes")) {
  put(paste0(group, ".mean"), coef(means)[[group]])
  put(paste0(group, ".sd"), sqrt(coef(spreads)[[group]]))
}
rows <- data.frame(
  key = c("R", "survey", names(out)),
  value = c(paste(R.version$major, R.version$minor, sep = "."),
            as.character(packageVersion("survey")), unlist(out))
)
write.csv(rows, "tests/reference/mean_scores_api.csv", row.names = FALSE, quote = FALSE)
