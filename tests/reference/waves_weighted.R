# Reference values for a weighted wave-on-wave change (tracktr.waves.change(weights=)),
# computed by R's survey package on the pooled waves as one design.
#
# Run from the repository root:
#     Rscript tests/reference/waves_weighted.R
# It reads tests/reference/waves_weighted_input.csv: the respondents in the base of
# main_funding in the two waves of tracktr's synthetic wave data (tt.datasets.tracktr_waves,
# pooled on org_id), y = 1 for "Funded by a CRC", and a weight by income band (2 for under
# £100,000 down to 1 for over £1m, 1.5 where income was skipped; wave 2015-10's weights
# times 1.1); tests/test_waves_weighted_r.py checks that the file is still that data. It
# writes tests/reference/waves_weighted.csv (key, value; 17 significant digits). Made with
# R 4.2.2 and survey 4.1.1 (Debian 12).
#
# The design stacks the two waves with the organisation as the cluster, so that an
# organisation in both waves contributes the covariance of its two answers (the overlap);
# each wave's share is a domain mean (svyby), the change their contrast (svycontrast),
# tested on t with the design's degrees of freedom (organisations less one).

suppressPackageStartupMessages(library(survey))

d <- read.csv("tests/reference/waves_weighted_input.csv")
stacked <- svydesign(ids = ~org, weights = ~weight, data = d)
by_wave <- svyby(~y, ~wave, stacked, svymean, covmat = TRUE)
change <- svycontrast(by_wave, c(-1, 1))
t_value <- coef(change) / SE(change)
degf <- degf(stacked)
# the same shares with each wave as its own design: no covariance between the waves
independent <- sqrt(sum(SE(by_wave)^2))

out <- list()
put <- function(key, value) {
  value <- as.numeric(value)
  for (i in seq_along(value)) out[[paste0(key, "[", i, "]")]] <<- value[i]
}
put("share", coef(by_wave))
put("share.se", SE(by_wave))
put("change", c(coef(change), SE(change)))
put("change.test", c(t_value, degf, 2 * pt(-abs(t_value), degf)))
put("change.ci", coef(change) + c(-1, 1) * qt(0.975, degf) * as.numeric(SE(change)))
put("change.se_independent", independent)
for (w in c("2015-05", "2015-10")) {
  ci <- svyciprop(~y, subset(stacked, wave == w), method = "logit")
  put(paste0("ciprop.logit.", w), c(coef(ci), attr(ci, "ci")))
}

values <- data.frame(key = names(out), value = formatC(unlist(out), digits = 17, format = "g"))
header <- data.frame(
  key = c("version.R", "version.survey"),
  value = c(R.version.string, as.character(packageVersion("survey")))
)
write.csv(rbind(header, values), "tests/reference/waves_weighted.csv", row.names = FALSE)
