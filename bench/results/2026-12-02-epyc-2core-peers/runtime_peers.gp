set terminal svg size 1710,480 dynamic font 'sans,11' background rgb 'white'
set output 'runtime_peers.svg'
set termoption noenhanced
set title 'runtime_peers: time relative to glibc (lower is faster)'
set ylabel 'time / glibc time'
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
set key outside right top
set grid ytics
set xtics rotate by -30
set logscale y 2
set yrange [0.8:1.25]
plot 'runtime_peers.dat' using 2:3:4:xtic(1) title 'glibc', 1 with lines dashtype 2 linecolor rgb 'black' notitle
