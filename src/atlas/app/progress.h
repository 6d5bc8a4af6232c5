// What a long use case (a discovery over millions of points, a spatial analysis with thousands
// of permutations) tells its caller while it runs, and how the caller stops it: the CLI draws
// the steps on a terminal's stderr, a job of the server records them and asks to stop when the
// job is cancelled. Both parts may be empty.
#pragma once
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace atlas::app {

// Thrown by Listener::step() when the caller asked to stop: nothing has been written, the
// caller gets no result.
struct Cancelled : std::runtime_error {
  Cancelled() : std::runtime_error("cancelled") {}
};

struct Listener {
  // A note on the input as it is read ("note: points.csv, row 6: skipped, a total row
  // ('合计')"), for a person watching; results that keep their notes keep them too.
  std::function<void(const std::string& note)> note;
  // The step the work is at and how much of the whole is done (0…1, an estimate); returns
  // false to stop the work, which throws Cancelled at once. A caller may also throw from it.
  std::function<bool(std::string_view phase, double done)> progress;

  void step(std::string_view phase, double done) const {
    if (progress && !progress(phase, done)) throw Cancelled();
  }
  void tell(const std::string& text) const {
    if (note) note(text);
  }
};

}  // namespace atlas::app
