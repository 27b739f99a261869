# Reference weights for tracktr.weights.rake() with bounds: R survey's bounded raking
# (calibrate(..., calfun = "raking", bounds = )) of the one-stage cluster sample to the
# school types and sch.wide, the margins of survey_api.R's rake() example.
#
# Run from the repository root:
#     Rscript tests/reference/rake_bounded_api.R
# It writes tests/reference/rake_bounded_api.csv: one row per school and bounds (17
# significant digits). Made with R 4.2.2, survey 4.1.1 and MASS 7.3-58.2 from Debian 12
# (r-base-core, r-cran-survey, r-cran-mass).

suppressPackageStartupMessages(library(survey))

clus1 <- read.csv("tests/data/api/apiclus1.csv", stringsAsFactors = TRUE)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = clus1)
population <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, sch.wideYes = 4734)
rows <- list()
for (bounds in list(c(0.5, 2.0), c(0.8, 2.2))) {
  bounded <- calibrate(dclus1, ~stype + sch.wide, population, calfun = "raking",
                       bounds = bounds, maxit = 1000, epsilon = 1e-12)
  rows[[length(rows) + 1]] <- data.frame(
    low = bounds[1], high = bounds[2], row = seq_len(nrow(clus1)),
    weight = formatC(weights(bounded), digits = 17, format = "g")
  )
}
header <- sprintf("# R %s, survey %s", paste(R.version$major, R.version$minor, sep = "."),
                  as.character(packageVersion("survey")))
writeLines(header, "tests/reference/rake_bounded_api.csv")
write.table(do.call(rbind, rows), "tests/reference/rake_bounded_api.csv", sep = ",",
            row.names = FALSE, quote = FALSE, append = TRUE)
