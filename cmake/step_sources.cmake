# The sources that decide a schedule's steps, relative to the source root:
# the runtime, the kernel port and the models.  source_hash.cmake hashes
# them; src/explore/CMakeLists.txt rebuilds the hash when one changes.
set(VFSRACE_STEP_SOURCE_PATTERNS
  src/runtime/*.c src/runtime/*.h src/kernel/*.c src/kernel/*.h
  models/*.c include/vfsrace/*.h)
