# Reference values for tracktr.waves: McNemar's test (R's mcnemar.test, binom.test) and
# Pearson's two-sample test (prop.test), the two extremes of the overlapping-samples test.
#
# Run from the repository root:
#     Rscript tests/reference/waves_mcnemar.R
# It writes tests/reference/waves_mcnemar.csv: one row per paired table [[a, b], [c, d]]
# (rows the first wave yes/no, columns the second), 17 significant digits. The tests read
# that file, so CI never needs R. Made with R 4.2.2 (Debian 12, r-base-core).

tables <- list(
  agresti_11_1 = c(794, 150, 86, 570),  # Agresti (2013), Table 11.1
  small = c(10, 5, 12, 33),
  one_sided = c(14, 2, 0, 75),
  balanced = c(3, 7, 7, 3),
  tiny = c(1, 1, 4, 0),
  wide = c(40, 3, 19, 38)
)
rows <- list()
for (name in names(tables)) {
  cells <- tables[[name]]
  a <- cells[1]; b <- cells[2]; c <- cells[3]; d <- cells[4]
  m <- matrix(c(a, c, b, d), 2)  # R fills by column: rows first wave, columns second
  plain <- mcnemar.test(m, correct = FALSE)
  yates <- mcnemar.test(m, correct = TRUE)
  exact <- binom.test(b, b + c, 0.5)
  n <- a + b + c + d
  # the same counts read as two independent samples of n (no organisation in both)
  indep <- prop.test(c(a + c, a + b), c(n, n), correct = FALSE)
  rows[[name]] <- data.frame(
    table = name, a = a, b = b, c = c, d = d,
    chi2 = unname(plain$statistic), p_chi2 = plain$p.value,
    chi2_yates = unname(yates$statistic), p_chi2_yates = yates$p.value,
    p_exact = exact$p.value,
    independent_chi2 = unname(indep$statistic), p_independent = indep$p.value
  )
}
out <- do.call(rbind, rows)
write.csv(format(out, digits = 17, trim = TRUE), "tests/reference/waves_mcnemar.csv", row.names = FALSE)
cat(R.version.string, "\n")
