# R package dbscan (C++ kd-tree) on a bench/gen_points.py file: euclidean on the projected x, y,
# with weights. Writes one line per point, "cluster,core" (cluster −1 for noise, as ClusterAtlas
# numbers them), and prints the seconds spent reading and clustering.
# usage: Rscript discover_peer.R POINTS.csv EPS_KM MIN_WEIGHT OUT.csv
suppressPackageStartupMessages(library(dbscan))
args <- commandArgs(trailingOnly = TRUE)
t0 <- proc.time()[["elapsed"]]
d <- read.csv(args[1], colClasses = c("NULL", "NULL", "NULL", "numeric", "numeric", "numeric",
                                      "NULL"))
t1 <- proc.time()[["elapsed"]]
eps <- as.numeric(args[2])
min_weight <- as.numeric(args[3])
x <- as.matrix(d[, c("x", "y")])
# dbscan passes minPts to C++ as an int (10.0002 would become 10): scale weights and threshold
# by the power of ten that makes the threshold whole, as bench/discover_peer.py does.
scale <- 1
while (abs(min_weight * scale - round(min_weight * scale)) > 1e-9 * scale) scale <- scale * 10
w <- d$weight * scale
min_pts <- round(min_weight * scale)
res <- dbscan(x, eps = eps, minPts = min_pts, weights = w)
t2 <- proc.time()[["elapsed"]]
# The weighted core test, from dbscan's own fixed-radius neighbours (self excluded there):
# weight within eps, itself included, >= minPts. Not timed.
nn <- frNN(x, eps = eps)
core <- vapply(seq_along(nn$id), function(i) sum(w[nn$id[[i]]]) + w[i] >= min_pts, logical(1))
write.table(data.frame(res$cluster - 1L, as.integer(core)), args[4], sep = ",",
            row.names = FALSE, col.names = FALSE)
cat(sprintf("read %.2f s, DBSCAN %.2f s\n", t1 - t0, t2 - t1), file = stderr())
