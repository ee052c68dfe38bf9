# The sweep's Ruby process (`ruby sweep_obj.rb READY GO`): says it is ready by
# creating READY, then ticks (a call of sweep_tick and a GC every 20 ms: what
# the rate tools see in any interval) until its parent is gone or a minute
# has passed. Once GO exists, it makes a burst the tools count exactly: 100
# calls of SweepObj#sweep_marker, 100 SweepObj kept.
# Ruby 3.1 fires its method__entry/return probes only while a TracePoint is
# enabled (with none, BCC's rubycalls counts nothing either).
TracePoint.new(:call, :return) {}.enable
class SweepObj
  def sweep_marker(i)
    i + 1
  end

  def sweep_tick(i)
    i - 1
  end
end

# in steps of 10, 2 ms apart: a flow tool's reader (a Python callback per
# call) keeps up with its 8-page perf buffer
def burst(kept)
  100.times do |i|
    kept << SweepObj.new
    kept[i].sweep_marker(i)
    sleep 0.002 if i % 10 == 9
  end
end

tick = SweepObj.new     # before READY: no tool counts its allocation
File.write(ARGV[0], "")
kept = []
parent = Process.ppid
3000.times do |i|
  break if Process.ppid != parent
  burst(kept) if kept.empty? && File.exist?(ARGV[1])
  tick.sweep_tick(i)
  GC.start
  sleep 0.02
end
