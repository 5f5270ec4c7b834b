<?php
// When is a dossier received on Monday 28 April 2025 due (30/4 and 1/5 are holidays)?
// Run: php -d ffi.enable=1 examples/php/due_date.php (TTHC_LIB=path/to/libtthc.so)
require __DIR__ . '/../../bindings/php/src/Tthc.php';

$engine = Tthc\Engine::embedded();
$due = $engine->deadline([
    'procedure' => 'ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt',
    'channel' => 'in-person',
    'submitted_at' => '2025-04-28T09:00:00+07:00',
]);
echo "due at {$due['due_at']}\n";
