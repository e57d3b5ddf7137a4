set terminal svg size 5400,480 dynamic font 'sans,11' background rgb 'white'
set output 'fix-instructions.svg'
set termoption noenhanced
set title 'Fix pairs: instructions per call: speed-up of the fix under each allocator'
set ylabel 'flagged / fixed (instructions)'
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
set key outside right top
set grid ytics
set xtics rotate by -30
set logscale y 2
set yrange [0.621089:37.0262]
plot 'fix-instructions.dat' using 2:3:4:xtic(1) title 'glibc', 'fix-instructions.dat' using 5:6:7:xtic(1) title 'jemalloc', 'fix-instructions.dat' using 8:9:10:xtic(1) title 'mimalloc', 'fix-instructions.dat' using 11:12:13:xtic(1) title 'tcmalloc', 'fix-instructions.dat' using 14:15:16:xtic(1) title 'arena', 1 with lines dashtype 2 linecolor rgb 'black' notitle
