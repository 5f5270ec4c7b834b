<?php

declare(strict_types=1);

namespace Tthc\Exception;

use Tthc\Status;

/**
 * Base of every exception the binding throws for a failed call.  The
 * subclasses mirror the Python package's (`tthc.CaseError`,
 * `tthc.NotFoundError`, …) so that a host catches the same families in every
 * language. `$status` is the C ABI's status, `$kind` the engine's stable
 * machine name for the problem (the string the conformance vectors and the
 * other bindings use), `getCode()` the status value.
 */
class TthcException extends \RuntimeException
{
    /**
     * @param array<string, mixed> $details the library's error JSON, decoded
     *                                      (`status`, `code`, `kind`, `message`, `help`, `diagnostics`)
     */
    public function __construct(
        string $message,
        public readonly Status $status,
        public readonly string $kind,
        public readonly string $help = '',
        public readonly array $details = [],
    ) {
        parent::__construct($message, $status->value);
    }
}
