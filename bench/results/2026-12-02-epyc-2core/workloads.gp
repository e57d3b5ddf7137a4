set terminal svg size 1650,480 dynamic font 'sans,11' background rgb 'white'
set output 'workloads.svg'
set termoption noenhanced
set title 'Allocator workloads: time relative to glibc (lower is faster)'
set ylabel 'time / glibc time'
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
set key outside right top
set grid ytics
set xtics rotate by -30
set logscale y 2
set yrange [0.0717328:10.7619]
plot 'workloads.dat' using 2:3:4:xtic(1) title 'glibc', 'workloads.dat' using 5:6:7:xtic(1) title 'jemalloc', 'workloads.dat' using 8:9:10:xtic(1) title 'mimalloc', 'workloads.dat' using 11:12:13:xtic(1) title 'tcmalloc', 'workloads.dat' using 14:15:16:xtic(1) title 'arena', 1 with lines dashtype 2 linecolor rgb 'black' notitle
