set terminal svg size 5400,480 dynamic font 'sans,11' background rgb 'white'
set output 'fix-speedups.svg'
set termoption noenhanced
set title 'Fix pairs: CPU time: speed-up of the fix under each allocator'
set ylabel 'flagged / fixed (CPU time)'
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
set key outside right top
set grid ytics
set xtics rotate by -30
set logscale y 2
set yrange [0.49268:16.4222]
plot 'fix-speedups.dat' using 2:3:4:xtic(1) title 'glibc', 'fix-speedups.dat' using 5:6:7:xtic(1) title 'jemalloc', 'fix-speedups.dat' using 8:9:10:xtic(1) title 'mimalloc', 'fix-speedups.dat' using 11:12:13:xtic(1) title 'tcmalloc', 'fix-speedups.dat' using 14:15:16:xtic(1) title 'arena', 1 with lines dashtype 2 linecolor rgb 'black' notitle
