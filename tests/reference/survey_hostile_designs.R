# Reference values for tracktr.design on hostile versions of R survey's stratified api
# sample (helper hK13): a stratum of one unit with an fpc under each lonely-PSU rule, with
# five schools weighted 0; and a stratum that is a census (fpc equal to its sample).
#
# Run from the repository root:
#     Rscript tests/reference/survey_hostile_designs.R
# It reads tests/data/api/apistrat.csv and writes tests/reference/survey_hostile_designs.csv:
# one row per value (key, value), 17 significant digits, with the R and survey versions
# first. Made with R 4.2.2 and survey 4.1.1 from Debian 12 (r-base-core, r-cran-survey).
# test_hostile_hk13.py builds the same frames in Python (the same rows changed).

suppressPackageStartupMessages(library(survey))

strat <- read.csv("tests/data/api/apistrat.csv", stringsAsFactors = TRUE)

# 1. The first school (type E) alone in stratum "X" of 10 schools; the first five high
#    schools weighted 0.
lonely <- strat
lonely$stype <- as.character(lonely$stype)
lonely$stype[1] <- "X"
lonely$stype <- factor(lonely$stype)
lonely$fpc[1] <- 10
lonely$pw[which(lonely$stype == "H")[1:5]] <- 0

# 2. The high schools are a census: 50 sampled of 50.
census <- strat
census$fpc[census$stype == "H"] <- 50

out <- list()
put <- function(key, value) {
  value <- as.numeric(value)
  for (i in seq_along(value)) out[[paste0(key, "[", i, "]")]] <<- value[i]
}
put_design <- function(name, d) {
  m <- svymean(~awards, d, deff = TRUE)
  put(paste0(name, ".prop.awards"), c(coef(m), SE(m), diag(attr(m, "deff"))))
  m <- svymean(~api00, d)
  put(paste0(name, ".mean.api00"), c(coef(m), SE(m)))
  m <- svytotal(~enroll, d)
  put(paste0(name, ".total.enroll"), c(coef(m), SE(m)))
  for (method in c("logit", "mean", "asin")) {
    ci <- svyciprop(~I(awards == "Yes"), d, method = method)
    put(paste0(name, ".ciprop.awards.", method), c(coef(ci), attr(ci, "ci")))
  }
  # domains: the shares of awards by sch.wide (levels No, Yes; options No, Yes)
  by_prop <- svyby(~awards, ~sch.wide, d, svymean)
  put(paste0(name, ".by.awards.schwide.est"), as.matrix(coef(by_prop)))
  put(paste0(name, ".by.awards.schwide.se"), as.matrix(SE(by_prop)))
  by_mean <- svyby(~api00, ~stype, d, svymean)
  put(paste0(name, ".by.api00.stype"), c(coef(by_mean), SE(by_mean)))
  t_f <- svychisq(~awards + sch.wide, d, statistic = "F")
  put(paste0(name, ".chisq.F"), c(t_f$statistic, t_f$parameter))
  t_c <- svychisq(~awards + sch.wide, d, statistic = "Chisq")
  put(paste0(name, ".chisq.Chisq"), c(t_c$statistic, t_c$parameter, t_c$p.value))
}

for (rule in c("remove", "adjust", "certainty", "average")) {
  options(survey.lonely.psu = rule)
  put_design(paste0("lonely.", rule),
             svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = lonely))
}
options(survey.lonely.psu = "fail")
put_design("census", svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc,
                               data = census))

values <- data.frame(key = names(out), value = formatC(unlist(out), digits = 17, format = "g"))
header <- data.frame(
  key = c("version.R", "version.survey"),
  value = c(R.version.string, as.character(packageVersion("survey")))
)
write.csv(rbind(header, values), "tests/reference/survey_hostile_designs.csv", row.names = FALSE)
