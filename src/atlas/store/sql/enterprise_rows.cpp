// Reading and writing enterprise_year rows: the one place that knows the column order.
#include "atlas/store/sql/enterprise_rows.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/domain/figures.h"
#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {

// Columns of enterprise_year in the order read_year expects.
const char* const kYearColumns[] = {"credit_code",
                                    "year",
                                    "cluster_id",
                                    "role",
                                    "high_tech",
                                    "specialised",
                                    "single_champion",
                                    "listed",
                                    "revenue",
                                    "industrial_output",
                                    "profit",
                                    "taxes",
                                    "exports",
                                    "rd_expenditure",
                                    "employment",
                                    "valid_invention_patents",
                                    "granted_invention_patents"};
const int kYearColumnCount = std::size(kYearColumns);

// "y.credit_code, y.year, …" for prefix "y.".
std::string year_columns(std::string_view prefix) {
  std::string out;
  for (const char* c : kYearColumns) {
    if (!out.empty()) out += ", ";
    out += prefix;
    out += c;
  }
  return out;
}

domain::EnterpriseYear read_year(sql::Statement& q, int first) {
  domain::EnterpriseYear y;
  int i = first;
  y.credit_code = q.getColumn(i++).getString();
  y.year = q.getColumn(i++).getInt();
  y.cluster_id = q.getColumn(i++).getInt64();
  y.role = domain::parse_role(q.getColumn(i++).getString()).value_or(domain::Role::kOther);
  y.high_tech = q.getColumn(i++).getInt() != 0;
  y.specialised = q.getColumn(i++).getInt() != 0;
  y.single_champion = q.getColumn(i++).getInt() != 0;
  y.listed = q.getColumn(i++).getInt() != 0;
  for (auto* field :
       {&y.revenue, &y.industrial_output, &y.profit, &y.taxes, &y.exports, &y.rd_expenditure,
        &y.employment, &y.valid_invention_patents, &y.granted_invention_patents}) {
    *field = optional_double(q.getColumn(i++));
  }
  return y;
}

domain::Enterprise read_enterprise(sql::Statement& q, int first) {
  domain::Enterprise e;
  e.credit_code = q.getColumn(first).getString();
  e.name = q.getColumn(first + 1).getString();
  e.lat = optional_double(q.getColumn(first + 2));
  e.lon = optional_double(q.getColumn(first + 3));
  e.synthetic = q.getColumn(first + 4).getInt() != 0;
  return e;
}

int bind_year(sql::Statement& q, const domain::EnterpriseYear& row, int first) {
  int i = first;
  q.bind(i++, row.credit_code);
  q.bind(i++, row.year);
  q.bind(i++, row.cluster_id);
  q.bind(i++, std::string(domain::role_key(row.role)));
  for (bool flag : {row.high_tech, row.specialised, row.single_champion, row.listed}) {
    q.bind(i++, flag ? 1 : 0);
  }
  for (const auto* field : {&row.revenue, &row.industrial_output, &row.profit, &row.taxes,
                            &row.exports, &row.rd_expenditure, &row.employment,
                            &row.valid_invention_patents, &row.granted_invention_patents}) {
    bind_optional(q, i++, *field);
  }
  return i;
}

// --- Row keys ---

namespace {

constexpr char kCodeAlphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // GB 32100-2015, in order
constexpr int kYearBits = 19;
constexpr int kYearBias = 1 << (kYearBits - 1);
constexpr std::uint64_t kOddCode = std::uint64_t{1} << 63;

struct DigitTable {
  signed char value[256];
  constexpr DigitTable() : value() {
    for (auto& v : value) v = -1;
    for (int i = 0; kCodeAlphabet[i]; ++i) value[static_cast<unsigned char>(kCodeAlphabet[i])] = i;
  }
};
constexpr DigitTable kDigits;

// The two 45-bit halves of a code of 18 alphabet characters; false for any other text.
bool pack(std::string_view code, std::uint64_t& first, std::uint64_t& second) {
  if (code.size() != 18) return false;
  first = second = 0;
  for (int i = 0; i < 18; ++i) {
    int d = kDigits.value[static_cast<unsigned char>(code[i])];
    if (d < 0) return false;
    (i < 9 ? first : second) = ((i < 9 ? first : second) << 5) | static_cast<std::uint64_t>(d);
  }
  return true;
}

std::uint64_t year_bits(int year) {
  if (year < -kYearBias || year >= kYearBias) {
    throw Error(ErrorKind::kInternal, fmt::format("year {} is out of range", year));
  }
  return static_cast<std::uint64_t>(year + kYearBias);
}

}  // namespace

int RowKey::year() const {
  return static_cast<int>(lo & ((std::uint64_t{1} << kYearBits) - 1)) - kYearBias;
}

RowKey RowKeys::key(std::string_view code, int year) {
  std::uint64_t first, second;
  if (pack(code, first, second)) return {first, (second << kYearBits) | year_bits(year)};
  auto it = odd_.find(code);
  if (it == odd_.end()) {
    it = odd_.emplace(std::string(code), odd_codes_.size()).first;
    odd_codes_.emplace_back(code);
  }
  return {kOddCode | it->second, year_bits(year)};
}

std::optional<RowKey> RowKeys::find(std::string_view code, int year) const {
  std::uint64_t first, second;
  if (pack(code, first, second)) return RowKey{first, (second << kYearBits) | year_bits(year)};
  auto it = odd_.find(code);
  if (it == odd_.end()) return std::nullopt;
  return RowKey{kOddCode | it->second, year_bits(year)};
}

std::string RowKeys::credit_code(const RowKey& k) const {
  if (k.hi & kOddCode) return odd_codes_.at(k.hi & ~kOddCode);
  std::string code(18, ' ');
  std::uint64_t first = k.hi, second = k.lo >> kYearBits;
  for (int i = 17; i >= 9; --i, second >>= 5) code[i] = kCodeAlphabet[second & 31];
  for (int i = 8; i >= 0; --i, first >>= 5) code[i] = kCodeAlphabet[first & 31];
  return code;
}

// --- Staged rows ---
//
// A row in the buffer: u32 size of what follows, a Fixed, the figures present (doubles), then the
// credit code, the name and the kept cells. A row in a run file is its key (two u64) and the same.

namespace {

constexpr std::size_t kBufferBytes = 16 << 20;
constexpr std::size_t kReadBytes = 256 << 10;
constexpr int kFigures = static_cast<int>(domain::kFigures.size());

struct Fixed {
  std::int64_t line;
  std::int64_t cluster_id;
  std::int32_t year;
  std::uint16_t present;  // bits 0-8: the figures, 9: lat, 10: lon
  std::uint8_t role;
  std::uint8_t flags;  // high_tech, specialised, single_champion, listed
  std::uint32_t code_size, name_size, kept_size;
};

template <class T>
void put(LargeArray<char>& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

void put_text(LargeArray<char>& out, std::string_view s) {
  out.append(s.data(), s.size());
}

// Decodes the row whose size word is at `p`.
void decode(const char* p, StagedRow& row) {
  p += sizeof(std::uint32_t);
  Fixed f;
  std::memcpy(&f, p, sizeof f);
  p += sizeof f;
  row.line = f.line;
  auto& y = row.year;
  y.year = f.year;
  y.cluster_id = f.cluster_id;
  y.role = static_cast<domain::Role>(f.role);
  y.high_tech = f.flags & 1;
  y.specialised = f.flags & 2;
  y.single_champion = f.flags & 4;
  y.listed = f.flags & 8;
  auto next = [&](int bit) -> std::optional<double> {
    if (!(f.present & (1u << bit))) return std::nullopt;
    double v;
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
    return v;
  };
  for (int i = 0; i < kFigures; ++i) y.*domain::kFigures[i].of_enterprise = next(i);
  row.lat = next(kFigures);
  row.lon = next(kFigures + 1);
  row.code = {p, f.code_size};
  p += f.code_size;
  row.name = {p, f.name_size};
  p += f.name_size;
  row.kept = {p, f.kept_size};
}

std::uint32_t size_word(const char* p) {
  std::uint32_t n;
  std::memcpy(&n, p, sizeof n);
  return n;
}

[[noreturn]] void io_failure(const char* what) {
  throw Error(ErrorKind::kStore,
              fmt::format("cannot {} the import's temporary file: {}", what, std::strerror(errno)));
}

}  // namespace

StagedRows::~StagedRows() {
  if (spilling_.valid()) spilling_.wait();  // the thread uses the file and the chunk
  if (fd_ >= 0) ::close(fd_);
}

void StagedRows::add(const RowKey& key, std::int64_t line, const domain::Enterprise& e,
                     const domain::EnterpriseYear& y, const std::string& kept) {
  auto& buffer = filling_->buffer;
  auto& refs = filling_->refs;
  buffer.reserve(kBufferBytes + (64 << 10));
  Fixed f{};
  f.line = line;
  f.cluster_id = y.cluster_id;
  f.year = y.year;
  f.role = static_cast<std::uint8_t>(y.role);
  f.flags = (y.high_tech ? 1 : 0) | (y.specialised ? 2 : 0) | (y.single_champion ? 4 : 0) |
            (y.listed ? 8 : 0);
  for (int i = 0; i < kFigures; ++i) {
    if (y.*domain::kFigures[i].of_enterprise) f.present |= 1u << i;
  }
  if (e.lat) f.present |= 1u << kFigures;
  if (e.lon) f.present |= 1u << (kFigures + 1);
  f.code_size = static_cast<std::uint32_t>(y.credit_code.size());
  f.name_size = static_cast<std::uint32_t>(e.name.size());
  f.kept_size = static_cast<std::uint32_t>(kept.size());

  std::uint64_t pos = buffer.size();
  put(buffer, std::uint32_t{0});
  put(buffer, f);
  for (int i = 0; i < kFigures; ++i) {
    if (const auto& v = y.*domain::kFigures[i].of_enterprise) put(buffer, *v);
  }
  if (e.lat) put(buffer, *e.lat);
  if (e.lon) put(buffer, *e.lon);
  put_text(buffer, y.credit_code);
  put_text(buffer, e.name);
  put_text(buffer, kept);
  auto size = static_cast<std::uint32_t>(buffer.size() - pos - sizeof(std::uint32_t));
  std::memcpy(buffer.data() + pos, &size, sizeof size);
  if (!refs.empty() && refs.back().key > key) filling_->sorted = false;
  refs.push_back({key, pos});
  if (buffer.size() >= kBufferBytes) hand_off();
}

void StagedRows::Chunk::sort() {
  if (!sorted) std::sort(refs.begin(), refs.end());
  sorted = true;
}

void StagedRows::hand_off() {
  finish_spill();  // the other chunk is empty again
  Chunk& full = *filling_;
  spilling_ = std::async(std::launch::async, [this, &full] { spill(full); });
  filling_ = filling_ == &chunks_[0] ? &chunks_[1] : &chunks_[0];
}

void StagedRows::finish_spill() {
  if (spilling_.valid()) spilling_.get();
}

void StagedRows::spill(Chunk& chunk) {
  if (chunk.refs.empty()) return;
  chunk.sort();
  if (fd_ < 0) {
    const char* dir = std::getenv("TMPDIR");
    std::string path = fmt::format("{}/clusteratlas-import-XXXXXX", dir && *dir ? dir : "/tmp");
    fd_ = ::mkstemp(path.data());
    if (fd_ < 0) io_failure("create");
    ::unlink(path.c_str());  // gone with the process, however it ends
  }
  auto& out = out_;
  out.clear();
  out.reserve(1 << 20);
  Run run{file_size_, file_size_};
  auto flush = [&] {
    std::size_t done = 0;
    while (done < out.size()) {
      ssize_t n =
          ::pwrite(fd_, out.data() + done, out.size() - done, static_cast<off_t>(run.end + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) io_failure("write");
      done += static_cast<std::size_t>(n);
    }
    run.end += out.size();
    out.clear();
  };
  for (const auto& r : chunk.refs) {
    const char* p = chunk.buffer.data() + r.pos;
    put(out, r.key.hi);
    put(out, r.key.lo);
    out.append(p, sizeof(std::uint32_t) + size_word(p));
    if (out.size() >= (1 << 20)) flush();
  }
  flush();
  file_size_ = run.end;
  runs_.push_back(run);
  chunk.buffer.clear();
  chunk.refs.clear();
}

// Reads one run front to back through a small buffer.
class StagedRows::RunReader {
 public:
  RunReader(int fd, Run run) : fd_(fd), at_(run.begin), end_(run.end), buffer_(kReadBytes) {}

  // Moves to the next row; false at the end of the run. The row stays valid until the next call.
  bool next() {
    pos_ += used_;
    used_ = 0;
    constexpr std::size_t kHead = 2 * sizeof(std::uint64_t) + sizeof(std::uint32_t);
    if (!fill(kHead)) return false;
    std::size_t size = kHead + size_word(buffer_.data() + pos_ + 2 * sizeof(std::uint64_t));
    if (!fill(size)) throw Error(ErrorKind::kInternal, "the import's temporary file is cut short");
    std::memcpy(&key_.hi, buffer_.data() + pos_, sizeof key_.hi);
    std::memcpy(&key_.lo, buffer_.data() + pos_ + sizeof key_.hi, sizeof key_.lo);
    row_ = buffer_.data() + pos_ + 2 * sizeof(std::uint64_t);
    used_ = size;
    return true;
  }
  const RowKey& key() const { return key_; }
  const char* row() const { return row_; }

 private:
  // Makes `n` bytes from pos_ available; false when the run has fewer left.
  bool fill(std::size_t n) {
    if (len_ - pos_ >= n) return true;
    std::memmove(buffer_.data(), buffer_.data() + pos_, len_ - pos_);
    len_ -= pos_;
    pos_ = 0;
    if (buffer_.size() < n) buffer_.resize(n);
    while (len_ < n && at_ < end_) {
      std::size_t want = std::min<std::uint64_t>(buffer_.size() - len_, end_ - at_);
      ssize_t got = ::pread(fd_, buffer_.data() + len_, want, static_cast<off_t>(at_));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) io_failure("read");
      len_ += static_cast<std::size_t>(got);
      at_ += static_cast<std::uint64_t>(got);
    }
    return len_ >= n;
  }

  int fd_;
  std::uint64_t at_, end_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, len_ = 0, used_ = 0;
  RowKey key_;
  const char* row_ = nullptr;
};

// The rows of a buffer that was never spilled, sorted in place.
class StagedRows::BufferReader final : public Sorted {
 public:
  explicit BufferReader(const Chunk& rows) : rows_(rows) {}
  bool next() override {
    if (i_ == rows_.refs.size()) return false;
    const auto& ref = rows_.refs[i_++];
    row_.key = ref.key;
    decode(rows_.buffer.data() + ref.pos, row_);
    return true;
  }

 private:
  const Chunk& rows_;
  std::size_t i_ = 0;
};

// The runs of the file, merged.
class StagedRows::MergeReader final : public Sorted {
 public:
  MergeReader(int fd, const std::vector<Run>& runs) {
    readers_.reserve(runs.size());
    for (const auto& run : runs) readers_.emplace_back(fd, run);
    for (std::size_t i = 0; i < readers_.size(); ++i) {
      if (readers_[i].next()) heap_.push_back(i);
    }
    std::make_heap(heap_.begin(), heap_.end(), Later{readers_});
  }
  bool next() override {
    Later later{readers_};
    if (current_ != kNone) {  // the row handed out last time may be overwritten now
      if (readers_[current_].next()) {
        heap_.push_back(current_);
        std::push_heap(heap_.begin(), heap_.end(), later);
      }
      current_ = kNone;
    }
    if (heap_.empty()) return false;
    std::pop_heap(heap_.begin(), heap_.end(), later);
    current_ = heap_.back();
    heap_.pop_back();
    row_.key = readers_[current_].key();
    decode(readers_[current_].row(), row_);
    return true;
  }

 private:
  static constexpr std::size_t kNone = ~std::size_t{0};
  // Runs hold consecutive stretches of the file, so on equal keys the earlier run goes first.
  struct Later {
    const std::vector<RunReader>& r;
    bool operator()(std::size_t a, std::size_t b) const {
      const auto &ka = r[a].key(), &kb = r[b].key();
      return ka != kb ? kb < ka : b < a;
    }
  };
  std::vector<RunReader> readers_;
  std::vector<std::size_t> heap_;
  std::size_t current_ = kNone;
};

std::unique_ptr<StagedRows::Sorted> StagedRows::sorted() {
  finish_spill();
  if (runs_.empty()) {
    filling_->sort();
    return std::make_unique<BufferReader>(*filling_);
  }
  spill(*filling_);
  return std::make_unique<MergeReader>(fd_, runs_);
}

void StagedRows::read_all(const std::function<void(const StagedRow&)>& row) {
  finish_spill();
  StagedRow r;
  for (const auto& run : runs_) {
    RunReader reader(fd_, run);
    while (reader.next()) {
      r.key = reader.key();
      decode(reader.row(), r);
      row(r);
    }
  }
  for (const auto& ref : filling_->refs) {
    r.key = ref.key;
    decode(filling_->buffer.data() + ref.pos, r);
    row(r);
  }
}

}  // namespace atlas::store::sql
