// The coalescing VFS: each file of the default VFS wrapped in one that gathers a WAL's consecutive
// writes. See coalesced_writes.h for what is kept as it was.
#include "atlas/store/sqlite/coalesced_writes.h"

#include <sqlite3.h>

#include <cstdint>
#include <cstring>
#include <mutex>

namespace atlas::store::sqlite {
namespace {

// The unix VFS writes at most 128 KiB - 1 bytes a call (it masks the length), so a little less.
constexpr int kGather = 120 << 10;
constexpr sqlite3_int64 kWalHeader = 32;
constexpr int kFrameHeader = 24;
constexpr char kName[] = "atlas-coalescing";

struct File {
  sqlite3_file base;
  sqlite3_file* real;  // the default VFS's file, in the same allocation, after this
  bool wal;            // only a WAL's writes are gathered
  File* wal_of_db;     // a database's WAL, while open
  File* db;            // a WAL's database
  char* buffer;        // kGather bytes, once the first write is gathered
  sqlite3_int64 at;
  int used;
  int frame;  // the WAL's frame size, once its header is written here; 0 unknown
  sqlite3_int64 commit_begin, commit_end;  // the last frame that commits: written as it comes
};

std::uint32_t big_endian(const void* p) {
  const auto* b = static_cast<const unsigned char*>(p);
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
         b[3];
}

File* of(sqlite3_file* p) {
  return reinterpret_cast<File*>(p);
}

int flush(File* f) {
  if (f->used == 0) return SQLITE_OK;
  const int n = f->used;
  f->used = 0;
  return f->real->pMethods->xWrite(f->real, f->buffer, n, f->at);
}

// What this file gathered and, for a database, what its WAL gathered: before any other call.
int flush_all(File* f) {
  int rc = flush(f);
  if (f->wal_of_db) {
    int wal = flush(f->wal_of_db);
    if (rc == SQLITE_OK) rc = wal;
  }
  return rc;
}

int x_write(sqlite3_file* p, const void* data, int n, sqlite3_int64 off) {
  File* f = of(p);
  bool gather = f->wal && n < kGather;
  if (gather) {
    const char* bytes = static_cast<const char*>(data);
    if (off == 0 && n >= kWalHeader) {  // the WAL's header: magic, version, page size
      std::uint32_t page = big_endian(bytes + 8);
      f->frame = page >= 512 && page <= 65536 ? kFrameHeader + static_cast<int>(page) : 0;
      f->commit_begin = f->commit_end = 0;
    }
    if (f->frame == 0) {
      gather = false;
    } else if (off >= kWalHeader && (off - kWalHeader) % f->frame == 0 && n >= kFrameHeader &&
               big_endian(bytes + 4) != 0) {
      // A frame's header whose second word, the database's size after a commit, is set: the
      // frame commits, and is written now, so that COMMIT fails if it cannot be.
      f->commit_begin = off;
      f->commit_end = off + f->frame;
    }
    if (off >= f->commit_begin && off < f->commit_end) gather = false;
  }
  if (f->used > 0 && (!gather || off != f->at + f->used || f->used + n > kGather)) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
  }
  if (gather && !f->buffer) {
    f->buffer = static_cast<char*>(sqlite3_malloc(kGather));
    if (!f->buffer) gather = false;
  }
  if (!gather) return f->real->pMethods->xWrite(f->real, data, n, off);
  if (f->used == 0) f->at = off;
  std::memcpy(f->buffer + f->used, data, static_cast<std::size_t>(n));
  f->used += n;
  return SQLITE_OK;
}

int x_close(sqlite3_file* p) {
  File* f = of(p);
  int rc = flush_all(f);
  if (f->db && f->db->wal_of_db == f) f->db->wal_of_db = nullptr;
  if (f->wal_of_db) f->wal_of_db->db = nullptr;
  int closed = f->real->pMethods->xClose(f->real);
  sqlite3_free(f->buffer);
  f->buffer = nullptr;
  return rc != SQLITE_OK ? rc : closed;
}

// Every other call writes out what was gathered first, then is the default VFS's.
#define ATLAS_FLUSHED(call)                                    \
  do {                                                         \
    if (int rc = flush_all(of(p)); rc != SQLITE_OK) return rc; \
    return of(p)->real->pMethods->call;                        \
  } while (0)

int x_read(sqlite3_file* p, void* out, int n, sqlite3_int64 off) {
  ATLAS_FLUSHED(xRead(of(p)->real, out, n, off));
}
int x_truncate(sqlite3_file* p, sqlite3_int64 size) {
  ATLAS_FLUSHED(xTruncate(of(p)->real, size));
}
int x_sync(sqlite3_file* p, int flags) {
  ATLAS_FLUSHED(xSync(of(p)->real, flags));
}
int x_file_size(sqlite3_file* p, sqlite3_int64* size) {
  ATLAS_FLUSHED(xFileSize(of(p)->real, size));
}
int x_lock(sqlite3_file* p, int level) {
  ATLAS_FLUSHED(xLock(of(p)->real, level));
}
int x_unlock(sqlite3_file* p, int level) {
  ATLAS_FLUSHED(xUnlock(of(p)->real, level));
}
int x_check_reserved_lock(sqlite3_file* p, int* out) {
  ATLAS_FLUSHED(xCheckReservedLock(of(p)->real, out));
}
int x_file_control(sqlite3_file* p, int op, void* arg) {
  ATLAS_FLUSHED(xFileControl(of(p)->real, op, arg));
}
int x_sector_size(sqlite3_file* p) {
  return of(p)->real->pMethods->xSectorSize(of(p)->real);
}
int x_device_characteristics(sqlite3_file* p) {
  return of(p)->real->pMethods->xDeviceCharacteristics(of(p)->real);
}
int x_shm_map(sqlite3_file* p, int region, int size, int extend, void volatile** out) {
  ATLAS_FLUSHED(xShmMap(of(p)->real, region, size, extend, out));
}
int x_shm_lock(sqlite3_file* p, int offset, int n, int flags) {
  ATLAS_FLUSHED(xShmLock(of(p)->real, offset, n, flags));
}
void x_shm_barrier(sqlite3_file* p) {
  flush_all(of(p));  // nothing is left here by then: a commit's frame was written as it came
  of(p)->real->pMethods->xShmBarrier(of(p)->real);
}
int x_shm_unmap(sqlite3_file* p, int delete_flag) {
  ATLAS_FLUSHED(xShmUnmap(of(p)->real, delete_flag));
}
int x_fetch(sqlite3_file* p, sqlite3_int64 off, int n, void** out) {
  ATLAS_FLUSHED(xFetch(of(p)->real, off, n, out));
}
int x_unfetch(sqlite3_file* p, sqlite3_int64 off, void* page) {
  ATLAS_FLUSHED(xUnfetch(of(p)->real, off, page));
}

#undef ATLAS_FLUSHED

// The same calls for files whose default methods are of version 1 (no shared memory), 2 (no
// memory mapping) or 3; a wrapper must not offer what its file lacks.
sqlite3_io_methods methods(int version) {
  sqlite3_io_methods m{};
  m.iVersion = version;
  m.xClose = x_close;
  m.xRead = x_read;
  m.xWrite = x_write;
  m.xTruncate = x_truncate;
  m.xSync = x_sync;
  m.xFileSize = x_file_size;
  m.xLock = x_lock;
  m.xUnlock = x_unlock;
  m.xCheckReservedLock = x_check_reserved_lock;
  m.xFileControl = x_file_control;
  m.xSectorSize = x_sector_size;
  m.xDeviceCharacteristics = x_device_characteristics;
  if (version >= 2) {
    m.xShmMap = x_shm_map;
    m.xShmLock = x_shm_lock;
    m.xShmBarrier = x_shm_barrier;
    m.xShmUnmap = x_shm_unmap;
  }
  if (version >= 3) {
    m.xFetch = x_fetch;
    m.xUnfetch = x_unfetch;
  }
  return m;
}
const sqlite3_io_methods kMethods[] = {methods(1), methods(2), methods(3)};

int x_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* p, int flags, int* out_flags) {
  auto* inner = static_cast<sqlite3_vfs*>(vfs->pAppData);
  File* f = of(p);
  std::memset(f, 0, sizeof *f);
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  int rc = inner->xOpen(inner, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (f->real->pMethods) f->real->pMethods->xClose(f->real);
    f->base.pMethods = nullptr;  // SQLite closes nothing it failed to open
    return rc;
  }
  if (!f->real->pMethods) return SQLITE_OK;  // nothing to wrap: SQLite will not use it
  if ((flags & SQLITE_OPEN_WAL) != 0 && name) {
    // The WAL's database was opened through this VFS too, so its file is one of ours. Its shared
    // memory calls (locks, the WAL's index) must write out what the WAL gathered first: a WAL
    // whose database is not found here is not gathered.
    File* db = of(sqlite3_database_file_object(name));
    if (db && db->base.pMethods && db->base.pMethods->xWrite == x_write) {
      f->wal = true;
      f->db = db;
      db->wal_of_db = f;
    }
  }
  int version = f->real->pMethods->iVersion;
  f->base.pMethods = &kMethods[version >= 3 ? 2 : version >= 2 ? 1 : 0];
  return SQLITE_OK;
}

}  // namespace

const char* coalescing_vfs() {
  static const char* name = coalescing_vfs_over(sqlite3_vfs_find(nullptr), kName);
  return name;
}

const char* coalescing_vfs_over(sqlite3_vfs* inner, const char* name) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  if (sqlite3_vfs_find(name)) return name;
  auto* vfs = new sqlite3_vfs(*inner);  // registered for the life of the process
  vfs->zName = name;
  vfs->szOsFile = static_cast<int>(sizeof(File)) + inner->szOsFile;
  vfs->xOpen = x_open;
  vfs->pAppData = inner;
  vfs->pNext = nullptr;
  sqlite3_vfs_register(vfs, 0);
  return name;
}

}  // namespace atlas::store::sqlite
