// A growing array of trivially copyable values for an import's large buffers (staged rows, their
// keys), in memory mapped for it alone and offered to the kernel for 2 MiB pages. Internal to
// store/.
//
// Why not std::vector: each of the first touches of a 4 KiB page is a page fault, and under a
// hypervisor with shadow page tables each costs microseconds — at 500,000 rows the import took
// ~30,000 of them, 15% of its CPU time; growing a vector also copies it into fresh pages that
// fault again. Here growth moves the pages (mremap) instead of copying them, and where the kernel
// has transparent huge pages for madvise(2)d memory one fault brings in 2 MiB. Where it does
// not, this is an ordinary anonymous mapping.
#pragma once
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>

namespace atlas::store::sql {

template <class T>
class LargeArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  LargeArray() = default;
  ~LargeArray() {
    if (data_) ::munmap(data_, bytes_);
  }
  LargeArray(const LargeArray&) = delete;
  LargeArray& operator=(const LargeArray&) = delete;

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }

  void push_back(const T& v) {
    if (size_ == capacity()) grow(size_ + 1);
    data_[size_++] = v;
  }
  void append(const T* p, std::size_t n) {
    if (size_ + n > capacity()) grow(size_ + n);
    std::memcpy(static_cast<void*>(data_ + size_), p, n * sizeof(T));
    size_ += n;
  }
  // Keeps the pages: the next rows reuse them without faulting.
  void clear() { size_ = 0; }
  void reserve(std::size_t n) {
    if (n > capacity()) grow(n);
  }

 private:
  static constexpr std::size_t kStep = std::size_t{2} << 20;  // one huge page

  std::size_t capacity() const { return bytes_ / sizeof(T); }

  void grow(std::size_t n) {
    std::size_t want = bytes_ ? bytes_ : kStep;
    while (want / sizeof(T) < n) want *= 2;
    void* p;
    if (!data_) {
      p = ::mmap(nullptr, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    } else {
      p = ::mremap(data_, bytes_, want, MREMAP_MAYMOVE);
    }
    if (p == MAP_FAILED) throw std::bad_alloc();
    ::madvise(p, want, MADV_HUGEPAGE);  // a hint; ignored where unsupported
    data_ = static_cast<T*>(p);
    bytes_ = want;
  }

  T* data_ = nullptr;
  std::size_t bytes_ = 0, size_ = 0;
};

}  // namespace atlas::store::sql
