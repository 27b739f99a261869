# Reference values for the design-based tests of pairs of groups (compare_table(design=),
# tab-book letters, tracktr.design.difference and compare_groups): R survey's svyttest on
# the design subset to the two groups, whose degrees of freedom are degf() of that subset
# (the PSUs less the strata holding a row of either group that answered), not the whole
# design's. Helper hK17.
#
# Run from the repository root:
#     Rscript tests/reference/survey_api_pairs.R
# It reads tests/data/api/apistrat.csv and apiclus1.csv (copies of survey's data(api)) and
# writes tests/reference/survey_api_pairs.csv: one row per value (key, value), 17
# significant digits, with the R and survey versions first. Made with R 4.2.2 and survey
# 4.1.1 from Debian 12 (r-base-core, r-cran-survey).
#
# Each key is <design>.<question>.<group>_<versus>, with values [1] t, [2] df, [3] p-value,
# [4] the difference (mean of `group` less mean of `versus`), [5] and [6] its 95% interval,
# and <design>.degf the whole design's degrees of freedom. Keys <design>.rank.* are
# svyranktest's, on the rows it keeps (see below).

suppressPackageStartupMessages(library(survey))

strat <- read.csv("tests/data/api/apistrat.csv", stringsAsFactors = TRUE)
clus1 <- read.csv("tests/data/api/apiclus1.csv", stringsAsFactors = TRUE)
# a two-option question with no answer where class size is missing (NA: out of its base)
for (name in c("strat", "clus1")) {
  d <- get(name)
  d$awards01 <- as.numeric(d$awards == "Yes")
  d$big46 <- as.numeric(d$acs.46 > 28)
  assign(name, d)
}

options(survey.lonely.psu = "adjust")
designs <- list(
  clus1 = svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = clus1),
  strat = svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = strat),
  # strata of districts, one of a single school (413): a lonely PSU, "adjust"
  lonely = svydesign(id = ~1, strata = ~dnum, weights = ~pw, data = clus1)
)

out <- list()
put <- function(key, value) {
  value <- as.numeric(value)
  for (i in seq_along(value)) out[[paste0(key, "[", i, "]")]] <<- value[i]
}
pairs <- list(c("E", "H"), c("E", "M"), c("H", "M"))
for (name in names(designs)) {
  d <- designs[[name]]
  out[[paste0(name, ".degf")]] <- degf(d)
  for (question in c("awards01", "big46")) {
    for (pair in pairs) {
      sub <- subset(d, stype %in% pair)
      f <- as.formula(paste0(question, " ~ I(stype == \"", pair[1], "\")"))
      tt <- svyttest(f, sub)
      put(paste0(name, ".", question, ".", pair[1], "_", pair[2]),
          c(tt$statistic, tt$parameter, tt$p.value, tt$estimate, tt$conf.int))
    }
  }
}

# Rank tests (svyranktest) drop the rows with no answer or no group and test on degf of
# what is left: a design whose PSUs are schools loses one df per school without an answer.
# Two groups: t, df, p, difference; more: F = chisq / ndf, ndf, ddf, p.
for (name in names(designs)) {
  d <- designs[[name]]
  r <- svyranktest(acs.46 ~ comp.imp, d)
  put(paste0(name, ".rank.acs46.compimp"), c(r$statistic, r$parameter, r$p.value, r$estimate))
  r <- svyranktest(acs.46 ~ stype, d)
  if (is.null(r$ddf)) {
    put(paste0(name, ".rank.acs46.stype"), c(r$statistic, r$parameter, r$p.value, r$estimate))
  } else {
    put(paste0(name, ".rank.acs46.stype"), c(r$parameter / r$statistic, r$statistic, r$ddf,
                                             r$p.value))
  }
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
write.csv(rbind(header, values), "tests/reference/survey_api_pairs.csv", row.names = FALSE)
