<?php

declare(strict_types=1);

namespace Tthc\Exception;

use Tthc\Diagnostic;
use Tthc\Status;

/**
 * A catalogue that failed to load (`catalog-error`), or a directory that
 * cannot be read (`io`); `$diagnostics` lists every problem found, each with
 * its file, line and column. The engine keeps its previous catalogue.
 */
class CatalogException extends TthcException
{
    /** @var list<Diagnostic> */
    public readonly array $diagnostics;

    /** @param array<string, mixed> $details */
    public function __construct(string $message, Status $status, string $kind, string $help = '', array $details = [])
    {
        parent::__construct($message, $status, $kind, $help, $details);
        $list = [];
        foreach ((array) ($details['diagnostics'] ?? []) as $d) {
            $list[] = Diagnostic::fromArray((array) $d);
        }
        $this->diagnostics = $list;
    }
}
