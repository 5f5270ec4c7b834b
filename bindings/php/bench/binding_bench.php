<?php
/**
 * What the PHP layer costs over the C calls it makes, measured in one run:
 * Calendar::isWorkingDay against the bare FFI call on the same calendar
 * handle, and a typed Engine::evaluate against the array API it replaced
 * (callRaw + json_decode). Three alternating rounds, best of each.
 *
 * Run: php bench/binding_bench.php [calendar calls] [evaluations]
 * (scripts/test-php.sh does, with small counts).
 */

declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use Tthc\Engine;
use Tthc\Library;
use Tthc\Tthc;

$calls = (int) ($argv[1] ?? 500000);
$evaluations = (int) ($argv[2] ?? 20000);
$engine = Engine::embedded();
$calendar = $engine->calendar();
$ffi = Library::ffi();
$bareEngine = $ffi->new('tthc_engine*');
Library::check($ffi->tthc_engine_new(FFI::addr($bareEngine)));
$bare = $ffi->new('tthc_calendar*');
Library::check($ffi->tthc_calendar_new($bareEngine, null, FFI::addr($bare)));
$first = Tthc::dateFromYmd(2025, 1, 1);
$case = ['procedure' => 'ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt', 'channel' => 'in-person', 'submitted_at' => '2025-04-28T09:00:00'];
$json = json_encode($case, JSON_THROW_ON_ERROR);
$best = [PHP_INT_MAX, PHP_INT_MAX, PHP_INT_MAX, PHP_INT_MAX];
$sink = 0;
$out = $ffi->new('bool');
for ($round = 0; $round < 3; $round++) {
    $t = hrtime(true);
    for ($i = 0; $i < $calls; $i++) {
        $ffi->tthc_calendar_is_working_day($bare, $first + $i % 730, FFI::addr($out));
        $sink += (int) $out->cdata;
    }
    $best[0] = min($best[0], hrtime(true) - $t);
    $t = hrtime(true);
    for ($i = 0; $i < $calls; $i++) {
        $sink += (int) $calendar->isWorkingDay($first + $i % 730);
    }
    $best[1] = min($best[1], hrtime(true) - $t);
    $t = hrtime(true);
    for ($i = 0; $i < $evaluations; $i++) {
        $sink += json_decode($engine->callRaw('evaluate', $json), true)['fee']['payable'];
    }
    $best[2] = min($best[2], hrtime(true) - $t);
    $t = hrtime(true);
    for ($i = 0; $i < $evaluations; $i++) {
        $sink += $engine->evaluate($case)->fee->payable ?? 0;
    }
    $best[3] = min($best[3], hrtime(true) - $t);
}
$ffi->tthc_calendar_free($bare);
$ffi->tthc_engine_free($bareEngine);
printf("Calendar::isWorkingDay        %8.0f ns   bare FFI call %8.0f ns   ratio %.2fx\n", $best[1] / $calls, $best[0] / $calls, $best[1] / $best[0]);
printf("Engine::evaluate (typed)      %8.1f us   callRaw + json_decode %8.1f us   ratio %.2fx\n", $best[3] / $evaluations / 1e3, $best[2] / $evaluations / 1e3, $best[3] / $best[2]);
echo "(sink $sink)\n";
