<?php

declare(strict_types=1);

namespace Tthc\Result;

/** One deadline rule applied to a dossier, with what it did and its legal basis. */
final readonly class Step
{
    /** @param list<LegalRef> $legalBasis */
    public function __construct(
        public string $rule,
        /** counting, cutoff, after-hours, same-day, … (docs/deadlines.md). */
        public string $kind,
        public string $name,
        public string $effect,
        public array $legalBasis,
        public string $status,
        public ?string $caveat,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('rule'), $r->str('kind'), $r->str('name'), $r->str('effect'), $r->list('legal_basis', LegalRef::read(...)), $r->str('status'), $r->optStr('caveat'));
    }
}
