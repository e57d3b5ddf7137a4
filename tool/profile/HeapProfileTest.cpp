#include "HeapProfile.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

using namespace heapwise::profile;

namespace heapwise::profile {
// For gtest's messages.
void PrintTo(const AllocationCost &cost, std::ostream *out) {
  *out << "{allocations " << cost.allocations << ", temporary " << cost.temporary << ", peak_bytes "
       << cost.peak_bytes << ", bytes " << cost.bytes << "}";
}
} // namespace heapwise::profile

namespace {

// The loops of test-inputs/rank/three_loops.cpp (see the comment at its top).
struct Loop {
  unsigned first, last;
};
constexpr Loop fewRows{17, 21}, labels{27, 28}, growingRows{34, 38};

std::string scratch(const std::string &name) {
  std::filesystem::create_directories(SCRATCH_DIR);
  return std::string(SCRATCH_DIR) + "/" + name;
}

std::string writeFile(const std::string &name, const std::string &contents) {
  std::string path = scratch(name);
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

// Requested size -> calls, over the sites with a frame in `loop`.
std::map<uint64_t, uint64_t> sizesInside(const HeapProfile &profile, Loop loop) {
  std::map<uint64_t, uint64_t> sizes;
  for (const AllocationSite &site : profile.sites())
    if (std::ranges::any_of(site.stack, [loop](const Frame &frame) {
          return frame.file == THREE_LOOPS_SOURCE && frame.line >= loop.first &&
                 frame.line <= loop.last;
        }))
      for (auto [size, calls] : site.sizes)
        sizes[size] += calls;
  return sizes;
}

// growingRows: 20000 rows, each vector growing through capacities 1 to 16.
const std::map<uint64_t, uint64_t> growingRowsSizes = {
    {4, 20000}, {8, 20000}, {16, 20000}, {32, 20000}, {64, 20000}};

// Profiling takes about half a second: do it once for all tests.
class ThreeLoops : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    Result<Recording> recording = record({THREE_LOOPS}, scratch("three-loops"));
    ASSERT_TRUE(recording) << recording.error().message;
    recording_ = new Recording(recording.value());
    Result<HeapProfile> loaded = HeapProfile::load(recording_->profilePath);
    ASSERT_TRUE(loaded) << loaded.error().message;
    profile_ = new HeapProfile(std::move(loaded).value());
  }
  static void TearDownTestSuite() {
    delete profile_;
    delete recording_;
  }
  void SetUp() override { ASSERT_NE(profile_, nullptr); }

  static AllocationCost cost(Loop loop) {
    return profile_->costInside(THREE_LOOPS_SOURCE, loop.first, loop.last);
  }

  static inline Recording *recording_ = nullptr;
  static inline HeapProfile *profile_ = nullptr;
};

TEST_F(ThreeLoops, RecordsTheProgramWithItsProfile) {
  EXPECT_EQ(recording_->exitStatus, 0);
  EXPECT_TRUE(recording_->profilePath.ends_with(".zst") ||
              recording_->profilePath.ends_with(".gz"))
      << recording_->profilePath;
  EXPECT_NE(profile_->debuggeeCommand().find("heapwise-profile-three-loops"), std::string::npos)
      << profile_->debuggeeCommand();
  EXPECT_TRUE(profile_->sourceFiles().contains(THREE_LOOPS_SOURCE));
}

TEST_F(ThreeLoops, CostsFollowTheLoops) {
  AllocationCost few = cost(fewRows), middle = cost(labels), many = cost(growingRows);
  // One push_back into a fresh vector per row, 10 rows.
  EXPECT_EQ(few.allocations, 10u);
  // A copy of s and its growth for the append, once s outgrows the
  // small-string buffer: just under 2 per iteration.
  EXPECT_GT(middle.allocations, 1900u);
  EXPECT_LT(middle.allocations, 2000u);
  // 20000 rows, capacities 1, 2, 4, 8, 16.
  EXPECT_EQ(many.allocations, 100000u);

  // The heap peaks while labels() holds its longest strings (2000 bytes each);
  // the vectors are all freed by then.
  EXPECT_GE(middle.peak_bytes, 2000u);
  EXPECT_LT(few.peak_bytes, middle.peak_bytes);
  EXPECT_LT(many.peak_bytes, middle.peak_bytes);
  EXPECT_LE(middle.peak_bytes, profile_->total().peak_bytes);
}

TEST_F(ThreeLoops, CountsBytesSizesAndTemporariesExactly) {
  AllocationCost few = cost(fewRows), middle = cost(labels), many = cost(growingRows);
  EXPECT_EQ(few.bytes, 10 * sizeof(int));
  EXPECT_EQ(many.bytes, 20000u * (4 + 8 + 16 + 32 + 64));
  EXPECT_EQ(sizesInside(*profile_, growingRows), growingRowsSizes);
  EXPECT_EQ(sizesInside(*profile_, fewRows), (std::map<uint64_t, uint64_t>{{4, 10}}));
  // Each row of fewRows is freed right after its one allocation. Elsewhere a
  // free always follows another free or the allocation that replaces it
  // (growing allocates the new buffer before freeing the old).
  EXPECT_EQ(few.temporary, 10u);
  EXPECT_EQ(middle.temporary, 0u);
  EXPECT_EQ(many.temporary, 0u);
}

TEST_F(ThreeLoops, PeakIsWhatEachStackHeldWhenTheHeapFirstPeaked) {
  // labels()'s last iteration: s (capacity 3992), its copy (1998) and the
  // copy regrown for the append (3996), each with its terminating NUL.
  EXPECT_EQ(cost(labels).peak_bytes, 3993u + 1999u + 3997u);
  EXPECT_EQ(cost(fewRows).peak_bytes, 0u);
  EXPECT_EQ(cost(growingRows).peak_bytes, 0u);
  uint64_t held = 0;
  for (const AllocationSite &site : profile_->sites())
    held += site.cost.peak_bytes;
  EXPECT_EQ(held, profile_->total().peak_bytes);
}

TEST_F(ThreeLoops, ReadsAFileCutShortWithAWarning) {
  std::ifstream whole(recording_->profilePath, std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(whole), {});
  std::string cut = writeFile("cut" + recording_->profilePath.substr(
                                          recording_->profilePath.rfind('.')),
                              bytes.substr(0, bytes.size() * 6 / 10));
  Result<HeapProfile> loaded = HeapProfile::load(cut);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_NE(loaded.value().warnings().find("cut short"), std::string::npos)
      << loaded.value().warnings();
  EXPECT_GT(loaded.value().total().allocations, 0u);
  EXPECT_LT(loaded.value().total().allocations, profile_->total().allocations);
  EXPECT_EQ(profile_->warnings(), "");
}

TEST_F(ThreeLoops, EachSiteCountsOnceAndOutsideLinesCountNothing) {
  // main (lines 43-48) calls all three loops: every allocation of theirs
  // passes through it, but each only once.
  AllocationCost all = profile_->costInside(THREE_LOOPS_SOURCE, 1, 1000);
  EXPECT_EQ(all.allocations, cost(fewRows).allocations + cost(labels).allocations +
                                 cost(growingRows).allocations + 1 /* printf's buffer */);
  EXPECT_LE(all.allocations, profile_->total().allocations);
  EXPECT_EQ(profile_->costInside(THREE_LOOPS_SOURCE, 22, 26), AllocationCost{});
}

TEST_F(ThreeLoops, MatchesRelativePathsAtDirectoryBoundaries) {
  AllocationCost absolute = cost(growingRows);
  EXPECT_EQ(profile_->costInside("rank/three_loops.cpp", 34, 38), absolute);
  EXPECT_EQ(profile_->costInside("three_loops.cpp", 34, 38), absolute);
  EXPECT_EQ(profile_->costInside("../rank/./three_loops.cpp", 34, 38), absolute);
  EXPECT_EQ(profile_->costInside("ank/three_loops.cpp", 34, 38), AllocationCost{});
  EXPECT_EQ(profile_->costInside("/elsewhere/rank/three_loops.cpp", 34, 38), AllocationCost{});
  EXPECT_EQ(profile_->costInside("other.cpp", 34, 38), AllocationCost{});
}

TEST(Record, AFailingProgramStillLeavesAProfile) {
  Result<Recording> recording = record({THREE_LOOPS, "3"}, scratch("failing"));
  ASSERT_TRUE(recording) << recording.error().message;
  EXPECT_EQ(recording.value().exitStatus, 3);
  Result<HeapProfile> profile = HeapProfile::load(recording.value().profilePath);
  ASSERT_TRUE(profile) << profile.error().message;
  EXPECT_EQ(profile.value().costInside(THREE_LOOPS_SOURCE, 17, 21).allocations, 10u);
  EXPECT_NE(profile.value().debuggeeCommand().find(" 3"), std::string::npos);
}

TEST(Record, CapturesTheProgramsStdoutWithoutHeaptracksMessages) {
  std::string output = scratch("captured.stdout");
  Result<Recording> recording = record({THREE_LOOPS, "3"}, scratch("captured"), "heaptrack", output);
  ASSERT_TRUE(recording) << recording.error().message;
  EXPECT_EQ(recording.value().exitStatus, 3);
  std::ifstream in(output, std::ios::binary);
  std::string captured((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(captured, "200290045 2000\n");
}

TEST(Record, FindsLoopsInInlinedFramesOfAnOptimisedBuild) {
  Result<Recording> recording = record({THREE_LOOPS_OPTIMISED}, scratch("optimised"));
  ASSERT_TRUE(recording) << recording.error().message;
  Result<HeapProfile> profile = HeapProfile::load(recording.value().profilePath);
  ASSERT_TRUE(profile) << profile.error().message;
  // growingRows() and push_back are inlined into main: the loop's lines are
  // only known from inlined frames. (At -O2 clang drops fewRows()'s
  // allocations altogether, which it may: new/delete pairs can be elided.)
  EXPECT_EQ(profile.value().costInside(THREE_LOOPS_SOURCE, growingRows.first, growingRows.last)
                .allocations,
            100000u);
  EXPECT_GT(profile.value().costInside(THREE_LOOPS_SOURCE, labels.first, labels.last).allocations,
            1900u);
  EXPECT_EQ(sizesInside(profile.value(), growingRows), growingRowsSizes);
}

TEST(Record, ReportsAMissingProgram) {
  Result<Recording> recording = record({scratch("no-such-program")}, scratch("missing"));
  ASSERT_FALSE(recording);
  EXPECT_EQ(recording.error().kind, ErrorKind::ProgramNotStarted);
  EXPECT_NE(recording.error().message.find("no-such-program"), std::string::npos);
}

TEST(Record, ReportsAMissingHeaptrack) {
  Result<Recording> recording =
      record({THREE_LOOPS}, scratch("no-heaptrack"), scratch("no-such-heaptrack"));
  ASSERT_FALSE(recording);
  EXPECT_EQ(recording.error().kind, ErrorKind::ToolMissing);
}

TEST(Record, RejectsOutputNamesHeaptrackWouldMangle) {
  Result<Recording> recording = record({THREE_LOOPS}, scratch("with space"));
  ASSERT_FALSE(recording);
  EXPECT_EQ(recording.error().kind, ErrorKind::InvalidArgument);
}

TEST(Load, NoDebugInfoSaysToBuildWithG) {
  Result<Recording> recording = record({THREE_LOOPS_NODEBUG}, scratch("nodebug"));
  ASSERT_TRUE(recording) << recording.error().message;
  Result<HeapProfile> profile = HeapProfile::load(recording.value().profilePath);
  ASSERT_FALSE(profile);
  EXPECT_EQ(profile.error().kind, ErrorKind::NoDebugInfo);
  EXPECT_NE(profile.error().message.find("-g"), std::string::npos) << profile.error().message;
  EXPECT_NE(profile.error().message.find("three-loops-nodebug"), std::string::npos)
      << profile.error().message;
}

TEST(Load, ReportsAMissingDecompressor) {
  std::string profile = writeFile("magic.zst", std::string("\x28\xb5\x2f\xfd", 4));
  const std::string path = getenv("PATH");
  setenv("PATH", scratch("no-tools").c_str(), 1);
  Result<HeapProfile> loaded = HeapProfile::load(profile);
  setenv("PATH", path.c_str(), 1);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::ToolMissing);
  EXPECT_NE(loaded.error().message.find("zstd"), std::string::npos) << loaded.error().message;
}

TEST(Load, ReportsAMissingProfile) {
  Result<HeapProfile> loaded = HeapProfile::load(scratch("no-such-profile.zst"));
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::UnreadableProfile);
  EXPECT_NE(loaded.error().message.find("no-such-profile.zst"), std::string::npos);
}

TEST(Load, ReportsCorruptProfiles) {
  // Plain text, and damaged zstd and gzip streams (told by their magic).
  for (const std::string &contents :
       {std::string("garbage\n"), std::string(), std::string("\x28\xb5\x2f\xfd garbage"),
        std::string("\x1f\x8b garbage")}) {
    Result<HeapProfile> loaded = HeapProfile::load(writeFile("corrupt.zst", contents));
    ASSERT_FALSE(loaded) << "contents: '" << contents << "'";
    EXPECT_EQ(loaded.error().kind, ErrorKind::UnreadableProfile) << loaded.error().message;
    EXPECT_NE(loaded.error().message.find("corrupt.zst"), std::string::npos);
  }
}

std::string hex(uint64_t value) {
  char digits[17];
  std::snprintf(digits, sizeof digits, "%llx", static_cast<unsigned long long>(value));
  return digits;
}

// A profile written by hand in heaptrack's format (indices as in the
// comments; strings, instruction pointers and traces count from 1, allocation
// infos from 0). Version 3 gives each string's length, version 2 does not.
std::string handWritten(unsigned fileVersion) {
  const char *strings[] = {
      "/build/prog",                 // 1
      "/lib/libc.so.6",              // 2
      "malloc",                      // 3
      "helper(int)",                 // 4
      "/src/./lib/helper.h",         // 5
      "run()",                       // 6
      "/src/lib/../app/run.cpp",     // 7
      "main",                        // 8
      "/build//src/app/main.cpp",    // 9: an absolute name joined to the build directory
      "operator new(unsigned long)", // a
      "/src/app/tuple.h",            // b
      "__libc_start_main_impl",      // c
  };
  std::string text = "v 10400 " + std::to_string(fileVersion) + "\nX ./prog --n 3\nI 1000 5e2910\n";
  for (std::string_view string : strings)
    text += "s " + (fileVersion >= 3 ? hex(string.size()) + " " : "") + std::string(string) + "\n";
  return text + R"(i 1000 1 8 9 9
i 2000 1 4 5 c 6 7 28
i 3000 2 3
i 4000 2 a
i 5000 1 6 7 29 0 b 5
i 6000 1
i 7000 2 c
t 7 0
t 1 1
t 2 2
t 3 3
t 5 2
t 4 5
t 6 6
a 10 4
a 20 4
a 8 6
a 64 7
c 1
+ 0
+ 1
- 1
+ 2
+ 3
- 3
- 0
+ 1
- 2
+ 3
- 3
- 1
+ 2
+ 0
- 2
- 0
+ 2
+ 2
+ 2
+ 2
+ 3
- 3
R 3e6

# strings: 12
# ips: 7
)";
}
// Instruction pointers 1-7: main at main.cpp:9; helper at helper.h:12 inlined
// into run at run.cpp:40; malloc (no file); operator new; run at run.cpp:41
// with an unnamed inlined frame at tuple.h:5; an address without symbol;
// below main. Traces 1-7 (ip, parent): (7, root) (1, 1) (2, 2) (3, 3) (5, 2)
// (4: operator new, so (5, 2) again) (6, 6). Infos 0-3 (size, trace):
// (16, 4) (32, 4) (8, 6) (100, 7).
//
// Heap after each event: 16 48 16 24 124 24 8 40 32 132 (the peak: info 1 and
// info 3 live) 32 0 8 24 16 0 8 16 24 32 132 (as high again, with other
// infos live; not higher) 32. Temporary: the 3rd, 6th, 11th and 22nd event.
// Not the 16th: its info 0 was the last allocated, but a free came between.
const std::string version3 = handWritten(3);

TEST(Parse, ReadsStacksAsHeaptrackPrintShowsThem) {
  Result<HeapProfile> parsed = HeapProfile::parse(version3);
  ASSERT_TRUE(parsed) << parsed.error().message;
  const HeapProfile &profile = parsed.value();
  EXPECT_EQ(profile.debuggeeCommand(), "./prog --n 3");
  EXPECT_EQ(profile.warnings(), "");
  ASSERT_EQ(profile.sites().size(), 3u);

  // Innermost first, inlined frames after the frame they were inlined into
  // with its module, and nothing below main.
  const std::vector<Frame> &malloced = profile.sites()[1].stack;
  ASSERT_EQ(malloced.size(), 4u);
  EXPECT_EQ(malloced[0].function, "malloc");
  EXPECT_EQ(malloced[0].file, "");
  EXPECT_EQ(malloced[0].module, "/lib/libc.so.6");
  EXPECT_EQ(malloced[1].function, "helper(int)");
  EXPECT_EQ(malloced[1].file, "/src/lib/helper.h");
  EXPECT_EQ(malloced[1].line, 12u);
  EXPECT_EQ(malloced[2].function, "run()");
  EXPECT_EQ(malloced[2].file, "/src/app/run.cpp");
  EXPECT_EQ(malloced[2].line, 40u);
  EXPECT_EQ(malloced[2].module, "/build/prog");
  EXPECT_EQ(malloced[3].function, "main");
  EXPECT_EQ(malloced[3].file, "/src/app/main.cpp");

  // An address without symbol shows as such; operator new is left out.
  const std::vector<Frame> &unnamed = profile.sites()[2].stack;
  ASSERT_EQ(unnamed.size(), 4u);
  EXPECT_EQ(unnamed[0].function, "0x6000");
  EXPECT_EQ(unnamed[0].module, "/build/prog");
  EXPECT_EQ(unnamed[1].line, 41u);
  EXPECT_EQ(unnamed[2].function, "");
  EXPECT_EQ(unnamed[2].file, "/src/app/tuple.h");
  const std::vector<Frame> &newed = profile.sites()[0].stack;
  ASSERT_EQ(newed.size(), 3u);
  EXPECT_EQ(newed[0].function, "run()");

  EXPECT_EQ(profile.sourceFiles(),
            (std::set<std::string>{"/src/app/main.cpp", "/src/app/run.cpp", "/src/app/tuple.h",
                                   "/src/lib/helper.h"}));
}

TEST(Parse, ComputesExactCostsPerStack) {
  Result<HeapProfile> parsed = HeapProfile::parse(version3);
  ASSERT_TRUE(parsed) << parsed.error().message;
  const HeapProfile &profile = parsed.value();
  // {allocations, temporary, peak_bytes, bytes}
  EXPECT_EQ(profile.total(), (AllocationCost{13, 4, 132, 444}));
  const std::vector<AllocationSite> &sites = profile.sites();
  ASSERT_EQ(sites.size(), 3u);
  // Costliest (most allocations) first.
  EXPECT_EQ(sites[0].cost, (AllocationCost{6, 0, 0, 48}));
  EXPECT_EQ(sites[0].sizes, (std::map<uint64_t, uint64_t>{{8, 6}}));
  EXPECT_EQ(sites[1].cost, (AllocationCost{4, 1, 32, 96}));
  EXPECT_EQ(sites[1].sizes, (std::map<uint64_t, uint64_t>{{16, 2}, {32, 2}}));
  EXPECT_EQ(sites[2].cost, (AllocationCost{3, 3, 100, 300}));
  EXPECT_EQ(sites[2].sizes, (std::map<uint64_t, uint64_t>{{100, 3}}));

  EXPECT_EQ(profile.costInside("app/run.cpp", 40, 40), sites[1].cost);
  EXPECT_EQ(profile.costInside("app/run.cpp", 40, 41), profile.total());
  EXPECT_EQ(profile.costInside("/src/app/main.cpp", 9, 9), profile.total());
  EXPECT_EQ(profile.costInside("/build/src/app/main.cpp", 9, 9), AllocationCost{});
}

TEST(Parse, ReadsVersion2Strings) {
  Result<HeapProfile> three = HeapProfile::parse(version3);
  Result<HeapProfile> two = HeapProfile::parse(handWritten(2));
  ASSERT_TRUE(three) << three.error().message;
  ASSERT_TRUE(two) << two.error().message;
  EXPECT_EQ(two.value().total(), three.value().total());
  ASSERT_EQ(two.value().sites().size(), three.value().sites().size());
  for (size_t i = 0; i < three.value().sites().size(); ++i) {
    const std::vector<Frame> &a = two.value().sites()[i].stack, &b = three.value().sites()[i].stack;
    ASSERT_EQ(a.size(), b.size());
    for (size_t j = 0; j < a.size(); ++j)
      EXPECT_EQ(std::tie(a[j].function, a[j].file, a[j].line, a[j].module),
                std::tie(b[j].function, b[j].file, b[j].line, b[j].module));
  }
  // Read as version 3, version 2's strings have no length.
  std::string mislabelled = handWritten(2);
  mislabelled.replace(mislabelled.find(" 2\n"), 3, " 3\n");
  EXPECT_FALSE(HeapProfile::parse(mislabelled));
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

TEST(Parse, RejectsFilesItCannotRead) {
  for (const std::string &corrupt :
       {replaced(version3, "+ 2\n", "+ 9\n"), replaced(version3, "t 6 6\n", "t 6 9\n"),
        replaced(version3, "a 8 6\n", "a 8 x\n"), replaced(version3, "c 1\n", "Q 1\n"),
        replaced(version3, "v 10400 3\n", "v 10400 4\n"),
        replaced(version3, "X ./prog --n 3\n", ""), std::string("garbage")}) {
    Result<HeapProfile> parsed = HeapProfile::parse(corrupt);
    ASSERT_FALSE(parsed) << corrupt;
    EXPECT_EQ(parsed.error().kind, ErrorKind::UnreadableProfile);
  }
  // The closing counts disagree with what was read: a format this reader
  // misreads.
  Result<HeapProfile> parsed = HeapProfile::parse(replaced(version3, "strings: 12", "strings: 13"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, ErrorKind::ToolFailed);
}

TEST(Parse, ReadsAFileCutInALineWithWarnings) {
  std::string cut = version3.substr(0, version3.find("+ 3\n- 3\nR"));
  Result<HeapProfile> parsed = HeapProfile::parse(cut + "+ ");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_NE(parsed.value().warnings().find("last line ('+ ') is incomplete"), std::string::npos)
      << parsed.value().warnings();
  EXPECT_NE(parsed.value().warnings().find("closing counts"), std::string::npos);
  EXPECT_FALSE(parsed.value().warnings().ends_with(' '));
  EXPECT_EQ(parsed.value().total(), (AllocationCost{12, 3, 132, 344}));
}

TEST(Load, ReadsPlainGzipAndZstdFiles) {
  std::string plain = writeFile("hand-written", version3);
  ASSERT_EQ(std::system(("gzip -c " + plain + " > " + plain + ".gz").c_str()), 0);
  ASSERT_EQ(std::system(("zstd -q -c " + plain + " > " + plain + ".zst").c_str()), 0);
  for (const std::string &path : {plain, plain + ".gz", plain + ".zst"}) {
    Result<HeapProfile> loaded = HeapProfile::load(path);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded.value().total(), (AllocationCost{13, 4, 132, 444})) << path;
  }
}

} // namespace
