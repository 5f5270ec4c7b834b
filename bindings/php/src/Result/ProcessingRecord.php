<?php

declare(strict_types=1);

namespace Tthc\Result;

/**
 * A processing time as the catalogue records it, for one case type (and,
 * when `channels` is not empty, only those channels). `amount` and `unit`
 * are null and `unknown` gives the reason when no source gives the time.
 */
final readonly class ProcessingRecord
{
    /**
     * @param list<string> $channels
     * @param list<LegalRef> $legalBasis
     */
    public function __construct(
        public string $case,
        public ?int $amount,
        public ?string $unit,
        public ?string $unknown,
        public array $channels,
        public Validity $validity,
        public string $status,
        public array $legalBasis,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('case'), $r->optInt('amount'), $r->optStr('unit'), $r->optStr('unknown'), $r->strings('channels'), Validity::of($r), $r->str('status'), $r->list('legal_basis', LegalRef::read(...)));
    }
}
