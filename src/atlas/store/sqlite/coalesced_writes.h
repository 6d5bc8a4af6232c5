// A SQLite VFS that gathers consecutive writes to a WAL into writes of up to 120 KiB. SQLite
// writes each WAL frame as two system calls (its 24-byte header, then the page): at 10^6 imported
// rows about 46,000 calls, each dear under a hypervisor (190 MB written as frames cost 0.17-0.19 s
// of CPU on our machines, 120 KiB at a time 0.04 s).
//
// Contract: what reaches the file, and when it may be relied on, is unchanged. Only frames that
// no other connection may read yet are gathered — those of a transaction still open; the frame
// that commits a transaction is written as it comes, after everything gathered before it, so a
// committed transaction is in the file when COMMIT returns, as without this, and an error
// writing any of its frames fails the COMMIT. What is gathered is written, in order, before any
// other call on the WAL (a read — SQLite reading back a page it wrote —, a sync, a size, a
// lock, closing) and before any call on the database's shared memory. Other files, and a WAL
// whose header this connection has not written (its frame size unknown), are written through as
// they come. Internal to store/sqlite/.
#pragma once

struct sqlite3_vfs;

namespace atlas::store::sqlite {

// The name of the VFS (the system's default VFS with a WAL's writes gathered), registered on
// first use.
const char* coalescing_vfs();
// The same over another VFS, registered as `name` (a static string) unless a VFS of that name
// is registered already; returns `name`. For tests that put a VFS of their own beneath.
const char* coalescing_vfs_over(sqlite3_vfs* inner, const char* name);

}  // namespace atlas::store::sqlite
