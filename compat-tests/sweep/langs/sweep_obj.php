<?php
// The sweep's PHP process (`USE_ZEND_DTRACE=1 php sweep_obj.php READY GO`:
// PHP fires its function probes only with that variable set): says it is
// ready by creating READY, then ticks (a call of sweep_tick every 20 ms:
// what the rate tools see in any interval) until its parent is gone or a
// minute has passed. Once GO exists, it makes a burst the tools count
// exactly: 100 calls of SweepObj::sweep_marker.
class SweepObj {
    function sweep_marker($i) { return $i + 1; }
    function sweep_tick($i) { return $i - 1; }
}

// in steps of 10, 2 ms apart: a flow tool's reader (a Python callback per
// call) keeps up with its 8-page perf buffer
function burst(&$kept) {
    for ($i = 0; $i < 100; $i++) {
        $kept[] = new SweepObj();
        $kept[$i]->sweep_marker($i);
        if ($i % 10 == 9)
            usleep(2000);
    }
}

$tick = new SweepObj();     // before READY: no tool counts its allocation
touch($argv[1]);
$kept = [];
$parent = posix_getppid();
for ($i = 0; $i < 3000 && posix_getppid() == $parent; $i++) {
    clearstatcache();
    if (!$kept && file_exists($argv[2]))
        burst($kept);
    $tick->sweep_tick($i);
    gc_collect_cycles();
    usleep(20000);
}
