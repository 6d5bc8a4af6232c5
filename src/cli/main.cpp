// clusteratlas — the command line of ClusterAtlas (创新型产业集群 识别·评价·管理平台).
// Each verb parses its flags, calls the store or the core, and prints through report/.
// Errors end here: one line on stderr and the exit code documented in docs/cli.md.
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>

#include "atlas/app/systems.h"
#include "atlas/core/error.h"
#include "context.h"
#include "verbs.h"

// Memory for the large verbs (discover, import, evaluate --uncertainty), which allocate and free
// arrays of hundreds of MB phase after phase. On the virtual machines we run on, the first touch
// of a page is what costs (measured: 5 s per GB touched with 4 KiB pages, 1.4 s with 2 MiB
// transparent huge pages), so:
// - freed memory stays in the process for the next allocation instead of going back to the
//   system (a CLI process lives for one verb, so keeping its peak costs nothing);
// - the heap is backed by huge pages: it is grown once by kHugeHeap bytes of address space —
//   no memory, which comes page by page as the verb touches it — and that range is advised
//   MADV_HUGEPAGE, so the kernel brings 2 MiB at a fault. At 10^7 points huge pages took
//   `discover` from 16 to 10.5 s of user time. glibc does the same with the tunable
//   glibc.malloc.hugetlb=1, but reads tunables only at start, and starting the binary a second
//   time to set it was a tenth of a 10^5-point discovery's CPU (loading 12 libraries twice);
// - one heap for every thread, so that what the workers allocate lies in that range too.
// The range stays below the trim threshold (mallopt takes an int), so freeing it does not give
// it back. Heap beyond it is ordinary 4 KiB memory. Skipped when the user sets GLIBC_TUNABLES:
// their choice, and glibc applies it.
// Not for `serve`: a server lives for weeks, and a heap that never shrinks would keep the peak
// of its busiest minute for good, with one arena serialising its workers' allocations. It runs
// with glibc's defaults (freed memory goes back, per-thread arenas); docs/api.md, "Memory".
constexpr std::size_t kHugeHeap = std::size_t{7} << 28;  // 1.75 GiB of address space
constexpr std::size_t kHugePage = std::size_t{2} << 20;

void tune_memory() {
  mallopt(M_MMAP_MAX, 0);  // large blocks from the heap, not from mmap (which munmap returns)
  mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());  // never shrink the heap
  if (std::getenv("GLIBC_TUNABLES") != nullptr) return;
  mallopt(M_ARENA_MAX, 1);
  auto* before = static_cast<char*>(::sbrk(0));
  void* block = std::malloc(kHugeHeap);
  auto* after = static_cast<char*>(::sbrk(0));
  std::free(block);
  // Advise only a range the break really covers (malloc falls back to mmap when it cannot grow).
  if (block == nullptr || after - before < static_cast<std::ptrdiff_t>(kHugeHeap)) return;
  const auto start = (reinterpret_cast<std::uintptr_t>(before) + kHugePage - 1) & ~(kHugePage - 1);
  ::madvise(reinterpret_cast<void*>(start), reinterpret_cast<std::uintptr_t>(after) - start,
            MADV_HUGEPAGE);  // where the kernel has no THP, nothing changes
}

int main(int argc, char** argv) {
  using namespace atlas;
  CLI::App app{
      "ClusterAtlas 创新型产业集群 识别·评价·管理平台 — registry, statistics and evaluation of "
      "innovative industrial clusters",
      "clusteratlas"};
  app.set_version_flag("--version", "clusteratlas 0.1.0");
  app.require_subcommand(1);
  app.fallthrough();
  cli::Context ctx;
  app.add_option("--db", ctx.db_flag,
                 "Database: a SQLite file or postgresql://… (default: $CLUSTERATLAS_DB, else "
                 "./clusteratlas.db)");
  app.add_option("--operator", ctx.operator_flag,
                 "Who makes the changes, kept in the history (default: $USER)");
  app.add_flag("-q,--quiet", ctx.quiet, "Print only results, no progress or summaries");

  cli::add_init_commands(app, ctx);
  cli::add_demo_commands(app, ctx);
  cli::add_reference_commands(app, ctx);
  cli::add_zone_commands(app, ctx);
  cli::add_cluster_commands(app, ctx);
  cli::add_enterprise_commands(app, ctx);
  cli::add_stats_commands(app, ctx);
  cli::add_report_commands(app, ctx);
  cli::add_import_commands(app, ctx);
  cli::add_export_commands(app, ctx);
  cli::add_systems_commands(app, ctx);
  cli::add_evaluate_commands(app, ctx);
  cli::add_explain_commands(app, ctx);
  cli::add_runs_commands(app, ctx);
  cli::add_audit_commands(app, ctx);
  cli::add_discover_commands(app, ctx);
  cli::add_specialise_commands(app, ctx);
  cli::add_spatial_commands(app, ctx);
  cli::add_round_commands(app, ctx);
  cli::add_reevaluate_commands(app, ctx);
  cli::add_expert_commands(app, ctx);
  cli::add_review_commands(app, ctx);
  cli::add_defence_commands(app, ctx);
  cli::add_assign_commands(app, ctx);
  cli::add_reliability_commands(app, ctx);
  cli::add_user_commands(app, ctx);
  cli::add_audit_log_commands(app, ctx);
  cli::add_serve_commands(app, ctx);
  cli::add_migrate_store_commands(app, ctx);
  // Once the verb is known and before it runs (CLI11 calls this before the verb's callback).
  app.parse_complete_callback([&app] {
    if (!app.got_subcommand("serve")) tune_memory();
  });
  // Set last: CLI11 copies a command's footer into every subcommand added after it, and each
  // group and verb has examples of its own.
  app.footer(
      "Examples:\n"
      "  clusteratlas demo                      # a synthetic national data set in "
      "clusteratlas.db\n"
      "  clusteratlas stats --by province       # the national overview\n"
      "  clusteratlas cluster list --province 湖北 --status pilot\n"
      "  clusteratlas --db office.db init       # a new, empty registry\n"
      "Exit codes: 0 ok, 1 usage, 2 bad input or not found, 3 rule violated, 4 store error.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    if (auto verb = cli::verb_problem(app, e)) {
      std::cerr << "clusteratlas: " << *verb << '\n';
    } else {
      std::cerr << "clusteratlas: " << e.what() << " (see --help)\n";
    }
    return exit_code(ErrorKind::kUsage);
  } catch (const app::InvalidSystem& e) {  // each problem at its line, then the count
    for (const auto& problem : e.problems()) std::cout << problem << '\n';
    std::cerr << "clusteratlas: " << e.describe() << '\n';
    return exit_code(e.kind());
  } catch (const Error& e) {
    std::cerr << "clusteratlas: " << e.describe() << '\n';
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "clusteratlas: unexpected error: " << e.what() << '\n';
    return exit_code(ErrorKind::kInternal);
  }
  // Listings print straight to standard output: a result that did not all arrive (a full
  // device) must not end as a success.
  if (!std::cout.flush()) {
    std::cerr << "clusteratlas: cannot write to standard output\n";
    return exit_code(ErrorKind::kBadInput);
  }
  return 0;
}
