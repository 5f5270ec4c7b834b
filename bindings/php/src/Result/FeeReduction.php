<?php

declare(strict_types=1);

namespace Tthc\Result;

/** A policy that changed one fee item, in the order applied. */
final readonly class FeeReduction
{
    /** @param list<LegalRef> $legalBasis */
    public function __construct(
        public string $policy,
        /** fee-reduction, fee-exemption or fee-set. */
        public string $kind,
        /** Index into Fee::$items. */
        public int $item,
        /** Đồng taken off; negative when a set rate is above the amount it replaced. */
        public int $amount,
        public int $payableAfter,
        public array $legalBasis,
        public string $status,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('policy'), $r->str('kind'), $r->int('item'), $r->int('amount'), $r->int('payable_after'), $r->list('legal_basis', LegalRef::read(...)), $r->str('status'));
    }
}
