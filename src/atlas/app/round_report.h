#pragma once
// The report of one selection round (`report round ID`), for the programme office's files: the
// round on its cover (name, kind, year, 文号, stage), then its summary (key figures, the stages'
// deadlines, each province's applications against its quota), the applications with their
// status and the provinces' ranked recommendations, the expert panel and its assignment, the
// reliability statistics of the panel's scores, the scores and the decision, the public notice
// with the objections and their answers, and notes. Every table is one the round's verbs print
// (`round show|provinces`, `application list`, `review assignments|list`, `reliability --round`,
// `notice show|objections`, `reevaluate`), with the same rounding; a section the round has not
// reached says so in one line. It names experts as `review assignments` does (code and name):
// the document is the office's alone.
#include <cstdint>

#include "atlas/app/database.h"
#include "atlas/app/report_parts.h"

namespace atlas::app {

struct RoundReportRequest {
  std::int64_t round_id = 0;
  Language language = Language::kZh;
};

// Throws kNotFound for an unknown round.
report::document::Document round_report(const Database& db, const RoundReportRequest& request);

}  // namespace atlas::app
