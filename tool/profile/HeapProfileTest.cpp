#include "HeapProfile.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

using namespace heapwise::profile;

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

TEST(Load, ReportsAMissingHeaptrackPrint) {
  std::string profile = writeFile("any.zst", "");
  Result<HeapProfile> loaded = HeapProfile::load(profile);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::ToolMissing);
  EXPECT_NE(loaded.error().message.find("no-such-heaptrack_print"), std::string::npos);
}

TEST(Load, ReportsAMissingProfile) {
  Result<HeapProfile> loaded = HeapProfile::load(scratch("no-such-profile.zst"));
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::UnreadableProfile);
  EXPECT_NE(loaded.error().message.find("no-such-profile.zst"), std::string::npos);
}

TEST(Load, ReportsCorruptProfiles) {
  // heaptrack_print exits 0 on these, at most complaining on stderr.
  for (const std::string &contents : {std::string("garbage\n"), std::string()}) {
    Result<HeapProfile> loaded = HeapProfile::load(writeFile("corrupt.zst", contents));
    ASSERT_FALSE(loaded) << "contents: '" << contents << "'";
    EXPECT_EQ(loaded.error().kind, ErrorKind::UnreadableProfile);
  }
}

// heaptrack_print 1.4's report, cut down: an inlined frame (no "in" line), a
// library frame without a file, an inlined frame without a function name (seen
// in ninja's std::pair constructors), and rounded peaks.
constexpr std::string_view report = R"(reading file "p.zst" - please wait, this might take some time...
Debuggee command was: ./prog --n 3
finished reading file, now analyzing data:

MOST CALLS TO ALLOCATION FUNCTIONS
1500 calls to allocation functions with 7.99K peak consumption from
  operator new(unsigned long)
    in /lib/libstdc++.so.6
  helper(int)
    at /src/./lib/helper.h:12
    in /build/prog
  run()
    at /src/lib/../app/run.cpp:40
  main
    at /build//src/app/main.cpp:9
    in /build/prog

20 calls to allocation functions with 812B peak consumption from
  run()
    at /src/app/run.cpp:41
    in /build/prog
  
    at /src/app/tuple.h:5
  main
    at /src/app/main.cpp:9
    in /build/prog



total runtime: 0.42s.
calls to allocation functions: 1520 (3619/s)
temporary memory allocations: 0 (0/s)
peak heap memory consumption: 1.20M
peak RSS (including heaptrack overhead): 4.19M
total memory leaked: 4.10K
)";

TEST(Parse, ReadsSitesFramesAndCosts) {
  Result<HeapProfile> parsed = HeapProfile::parse(report);
  ASSERT_TRUE(parsed) << parsed.error().message;
  const HeapProfile &profile = parsed.value();
  EXPECT_EQ(profile.debuggeeCommand(), "./prog --n 3");
  EXPECT_EQ(profile.total(), (AllocationCost{1520, 1200000}));
  ASSERT_EQ(profile.sites().size(), 2u);
  const AllocationSite &first = profile.sites()[0];
  EXPECT_EQ(first.cost, (AllocationCost{1500, 7990}));
  ASSERT_EQ(first.stack.size(), 4u);
  EXPECT_EQ(first.stack[0].file, "");
  EXPECT_EQ(first.stack[1].file, "/src/lib/helper.h");
  EXPECT_EQ(first.stack[2].function, "run()");
  EXPECT_EQ(first.stack[2].file, "/src/app/run.cpp");
  EXPECT_EQ(first.stack[2].line, 40u);
  EXPECT_EQ(first.stack[2].module, "/build/prog"); // inlined into helper's frame
  EXPECT_EQ(first.stack[3].file, "/src/app/main.cpp");
  EXPECT_EQ(profile.sites()[1].cost, (AllocationCost{20, 812}));
  ASSERT_EQ(profile.sites()[1].stack.size(), 3u);
  EXPECT_EQ(profile.sites()[1].stack[1].function, "");
  EXPECT_EQ(profile.sites()[1].stack[1].file, "/src/app/tuple.h");
  EXPECT_EQ(profile.sourceFiles(),
            (std::set<std::string>{"/src/app/main.cpp", "/src/app/run.cpp", "/src/app/tuple.h",
                                   "/src/lib/helper.h"}));

  EXPECT_EQ(profile.costInside("app/run.cpp", 40, 40), (AllocationCost{1500, 7990}));
  EXPECT_EQ(profile.costInside("app/run.cpp", 40, 41), (AllocationCost{1520, 8802}));
  EXPECT_EQ(profile.costInside("/src/app/main.cpp", 9, 9), (AllocationCost{1520, 8802}));
}

TEST(Parse, RejectsOutputItDoesNotUnderstand) {
  std::string changed(report);
  changed.replace(changed.find("    in /lib/"), 7, "    on ");
  Result<HeapProfile> parsed = HeapProfile::parse(changed);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, ErrorKind::ToolFailed);

  std::string incomplete(report);
  incomplete.replace(incomplete.find(": 1520 ("), 8, ": 9999 (");
  parsed = HeapProfile::parse(incomplete);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, ErrorKind::ToolFailed);
}

} // namespace
