<?php
// When is a permanent-residence registration (1.004222, 7 working days) received on
// Monday 28 April 2025 due (30/4, 1/5 and 2/5 are days off)?
// Run: (cd bindings/php && composer dump-autoload) && php examples/php/due_date.php
// (the library is found as bindings/php/README.md says, e.g. through TTHC_LIB).
require __DIR__ . '/../../bindings/php/vendor/autoload.php';

$engine = Tthc\Engine::embedded();
$due = $engine->deadline([
    'procedure' => 'cu-tru.dang-ky-thuong-tru',
    'channel' => 'in-person',
    'submitted_at' => new DateTimeImmutable('2025-04-28 09:00', new DateTimeZone('Asia/Ho_Chi_Minh')),
]);
echo 'due at ', $due->dueAt->format(DATE_RFC3339), "\n";
foreach ($due->explanation as $step) {
    echo "  {$step->rule}: {$step->effect}\n";
}
